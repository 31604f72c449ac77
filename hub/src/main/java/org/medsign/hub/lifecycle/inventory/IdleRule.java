package org.medsign.hub.lifecycle.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** IDLE: valid but not used (else not since issued) for the idle window; revoke. */
final class IdleRule implements InventoryRule {

    @Override
    public List<InventoryReport.Item> findings(InventorySnapshot snapshot) {
        List<InventoryReport.Item> items = new ArrayList<>();
        String window = Integer.toString(snapshot.idleDays());
        for (InventorySnapshot.Certificate c : snapshot.certificates()) {
            Instant reference = c.lastUsed() != null ? c.lastUsed() : c.notBefore();
            if (snapshot.valid(c) && reference.isBefore(snapshot.idleLimit())) {
                items.add(c.lastUsed() != null
                        ? snapshot.item(InventoryCategory.IDLE, c, "IDLE",
                                List.of(InventorySnapshot.day(c.lastUsed()), window), ProposedAction.REVOKE)
                        : snapshot.item(InventoryCategory.IDLE, c, "IDLE_NEVER_USED",
                                List.of(InventorySnapshot.day(c.notBefore()), window), ProposedAction.REVOKE));
            }
        }
        return items;
    }
}
