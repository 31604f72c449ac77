package org.medsign.hub.lifecycle.inventory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** EXPIRING: not yet expired, notAfter within the expiring window; renew when the holder is active. */
final class ExpiringRule implements InventoryRule {

    @Override
    public List<InventoryReport.Item> findings(InventorySnapshot snapshot) {
        List<InventoryReport.Item> items = new ArrayList<>();
        for (InventorySnapshot.Certificate c : snapshot.certificates()) {
            if (!c.notAfter().isBefore(snapshot.now()) && !c.notAfter().isAfter(snapshot.expiringLimit())) {
                items.add(snapshot.item(InventoryCategory.EXPIRING, c, "EXPIRING",
                        List.of(InventorySnapshot.day(c.notAfter()),
                                Long.toString(Duration.between(snapshot.now(), c.notAfter()).toDays())),
                        RenewWhenActive.action(snapshot, c)));
            }
        }
        return items;
    }
}
