package org.medsign.hub.lifecycle.inventory;

import java.util.ArrayList;
import java.util.List;

import org.medsign.hub.lifecycle.ledger.StaffRepository.Holder;

/** ORPHANED: no holder in the roster, or the holder has left; revoke. */
final class OrphanedRule implements InventoryRule {

    @Override
    public List<InventoryReport.Item> findings(InventorySnapshot snapshot) {
        List<InventoryReport.Item> items = new ArrayList<>();
        for (InventorySnapshot.Certificate c : snapshot.certificates()) {
            Holder holder = snapshot.holder(c);
            if (holder == null) {
                items.add(snapshot.item(InventoryCategory.ORPHANED, c, "NO_HOLDER", List.of(), ProposedAction.REVOKE));
            } else if ("left".equals(holder.employmentStatus())) {
                items.add(snapshot.item(InventoryCategory.ORPHANED, c, "HOLDER_LEFT", List.of(holder.staffId()),
                        ProposedAction.REVOKE));
            }
        }
        return items;
    }
}
