package org.medsign.hub.seal;

import java.time.Instant;
import java.util.List;

/**
 * A seal to create, as the security administrator asked for it (unvalidated: {@link SealRegistry#create} checks
 * every field). {@code kind} is a {@link SealKind} name; {@code widthMm}/{@code heightMm} may be null when the PNG
 * carries its resolution (pHYs); shape and colour default from the kind.
 */
public record NewSeal(String name, String kind, String specialType, String ownerStaffId, String ownerUnit,
                      byte[] imagePng, Double widthMm, Double heightMm, String shape, String colour,
                      Instant validUntil, List<SealScope> scope) {
}
