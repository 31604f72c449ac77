package org.medsign.hub.lifecycle.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.medsign.hub.lifecycle.ledger.StaffRepository.Holder;

/** MISSING: an active staff member with system accounts but no valid signing certificate; issue one. */
final class MissingRule implements InventoryRule {

    @Override
    public List<InventoryReport.Item> findings(InventorySnapshot snapshot) {
        Set<String> covered = snapshot.validSigningByHolder().keySet();
        List<InventoryReport.Item> items = new ArrayList<>();
        for (Holder s : snapshot.staff().values()) {
            if ("active".equals(s.employmentStatus()) && snapshot.withAccounts().contains(s.staffId())
                    && !covered.contains(s.staffId())) {
                items.add(new InventoryReport.Item(InventoryCategory.MISSING, null, s.staffId(), s.name(),
                        InventorySnapshot.departmentOf(s.department()), null, "MISSING", List.of(),
                        ProposedAction.ISSUE));
            }
        }
        return items;
    }
}
