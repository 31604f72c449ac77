package org.medsign.hub.lifecycle.inventory;

import java.util.List;
import java.util.Optional;

import org.medsign.hub.lifecycle.ledger.StaffRepository.Holder;

/** ORPHANED: no holder in the roster, or the holder has left; revoke. */
final class OrphanedRule extends CertificateRule {

    @Override
    Optional<InventoryReport.Item> finding(InventorySnapshot snapshot, InventorySnapshot.Certificate c) {
        Holder holder = snapshot.holder(c);
        if (holder == null) {
            return Optional.of(snapshot.item(InventoryCategory.ORPHANED, c, "NO_HOLDER", List.of(),
                    ProposedAction.REVOKE));
        }
        if ("left".equals(holder.employmentStatus())) {
            return Optional.of(snapshot.item(InventoryCategory.ORPHANED, c, "HOLDER_LEFT", List.of(holder.staffId()),
                    ProposedAction.REVOKE));
        }
        return Optional.empty();
    }
}
