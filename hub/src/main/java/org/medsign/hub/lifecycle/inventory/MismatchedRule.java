package org.medsign.hub.lifecycle.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.medsign.hub.lifecycle.ledger.StaffRepository.Holder;

/**
 * MISMATCHED: CN, OU or title differ from the holder's name, department or post (a certificate without a title is not
 * compared on post); reissue. Each difference is one argument: field, certificate value and roster value separated by
 * {@link Inventory#FIELD_SEPARATOR}.
 */
final class MismatchedRule extends CertificateRule {

    @Override
    Optional<InventoryReport.Item> finding(InventorySnapshot snapshot, InventorySnapshot.Certificate c) {
        Holder holder = snapshot.holder(c);
        if (holder == null) {
            return Optional.empty();
        }
        List<String> differences = new ArrayList<>();
        if (!Objects.equals(c.cn(), holder.name())) {
            differences.add(difference("name", c.cn(), holder.name()));
        }
        if (!Objects.equals(blankToNull(c.ou()), blankToNull(holder.department()))) {
            differences.add(difference("department", c.ou(), holder.department()));
        }
        if (c.title() != null && !Objects.equals(c.title(), holder.post())) {
            differences.add(difference("post", c.title(), holder.post()));
        }
        return differences.isEmpty() ? Optional.empty() : Optional.of(snapshot.item(InventoryCategory.MISMATCHED, c,
                "MISMATCHED", differences, ProposedAction.REISSUE));
    }

    private static String difference(String field, String certificateValue, String rosterValue) {
        return field + Inventory.FIELD_SEPARATOR + (certificateValue == null ? "" : certificateValue)
                + Inventory.FIELD_SEPARATOR + (rosterValue == null ? "" : rosterValue);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
