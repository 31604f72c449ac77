package org.medsign.hub.lifecycle.inventory;

import java.util.ArrayList;
import java.util.List;

/** EXPIRED: past its notAfter; renew when the holder is active. */
final class ExpiredRule implements InventoryRule {

    @Override
    public List<InventoryReport.Item> findings(InventorySnapshot snapshot) {
        List<InventoryReport.Item> items = new ArrayList<>();
        for (InventorySnapshot.Certificate c : snapshot.certificates()) {
            if (c.notAfter().isBefore(snapshot.now())) {
                items.add(snapshot.item(InventoryCategory.EXPIRED, c, "EXPIRED",
                        List.of(InventorySnapshot.day(c.notAfter())), RenewWhenActive.action(snapshot, c)));
            }
        }
        return items;
    }
}
