package org.medsign.hub.seal;

import java.time.Instant;
import java.util.List;

/**
 * A seal of the registry without its image and SESeal bytes (fetched separately). Exactly one of
 * {@code ownerStaffId} (PERSONAL) and {@code ownerUnit} (the other kinds) is set.
 */
public record Seal(String id, String name, SealKind kind, String specialType, String ownerStaffId, String ownerUnit,
                   int widthMm, int heightMm, String shape, String colour, String certificateSerial,
                   Instant validFrom, Instant validUntil, String imageSm3, SealStatus status, List<SealScope> scope,
                   String createdBy, Instant createdAt) {
}
