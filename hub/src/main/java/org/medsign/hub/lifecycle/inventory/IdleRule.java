package org.medsign.hub.lifecycle.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** IDLE: valid but not used (else not since issued) for the idle window; revoke. */
final class IdleRule extends CertificateRule {

    @Override
    Optional<InventoryReport.Item> finding(InventorySnapshot snapshot, InventorySnapshot.Certificate c) {
        Instant reference = c.lastUsed() != null ? c.lastUsed() : c.notBefore();
        if (!snapshot.valid(c) || !reference.isBefore(snapshot.idleLimit())) {
            return Optional.empty();
        }
        String window = Integer.toString(snapshot.idleDays());
        return Optional.of(c.lastUsed() != null
                ? snapshot.item(InventoryCategory.IDLE, c, "IDLE", List.of(InventorySnapshot.day(c.lastUsed()), window),
                        ProposedAction.REVOKE)
                : snapshot.item(InventoryCategory.IDLE, c, "IDLE_NEVER_USED",
                        List.of(InventorySnapshot.day(c.notBefore()), window), ProposedAction.REVOKE));
    }
}
