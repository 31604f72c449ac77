package org.medsign.hub.lifecycle.inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * DUPLICATE: a holder with more than one valid signing certificate; the one ending last (then the highest serial) is
 * kept, the others revoked.
 */
final class DuplicateRule implements InventoryRule {

    @Override
    public List<InventoryReport.Item> findings(InventorySnapshot snapshot) {
        List<InventoryReport.Item> items = new ArrayList<>();
        for (Map.Entry<String, List<InventorySnapshot.Certificate>> entry : snapshot.validSigningByHolder().entrySet()) {
            List<InventorySnapshot.Certificate> held = new ArrayList<>(entry.getValue());
            if (held.size() < 2) {
                continue;
            }
            held.sort(Comparator.comparing(InventorySnapshot.Certificate::notAfter)
                    .thenComparing(InventorySnapshot.Certificate::serial).reversed());
            String kept = held.get(0).serial();
            for (InventorySnapshot.Certificate c : held) {
                boolean keep = c.serial().equals(kept);
                items.add(snapshot.item(InventoryCategory.DUPLICATE, c, keep ? "DUPLICATE_KEPT" : "DUPLICATE",
                        List.of(Integer.toString(held.size()), kept), keep ? ProposedAction.NONE : ProposedAction.REVOKE));
            }
        }
        return items;
    }
}
