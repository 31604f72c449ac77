package org.medsign.hub.seal;

import java.time.Instant;
import java.util.List;

/**
 * A change of a seal as the security administrator asked for it (unvalidated: {@link SealLifecycle#change} checks
 * it). A null field keeps the seal's value; {@code scope} empty means any system and scenario. {@code imagePng} (a new
 * picture) and {@code widthMm}/{@code heightMm} (its printed size; alone: a new size of the current picture) follow
 * the rules of creation. {@code kind}, {@code specialType}, {@code ownerStaffId} and {@code ownerUnit} cannot change:
 * given, they must equal the seal's.
 */
public record SealChange(String name, Instant validUntil, String shape, String colour, List<SealScope> scope,
                         byte[] imagePng, Double widthMm, Double heightMm, String kind, String specialType,
                         String ownerStaffId, String ownerUnit) {
}
