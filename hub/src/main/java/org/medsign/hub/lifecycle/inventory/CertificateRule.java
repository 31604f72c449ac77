package org.medsign.hub.lifecycle.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A rule that looks at each certificate in service on its own: at most one finding per certificate. */
abstract class CertificateRule implements InventoryRule {

    @Override
    public final List<InventoryReport.Item> findings(InventorySnapshot snapshot) {
        List<InventoryReport.Item> items = new ArrayList<>();
        for (InventorySnapshot.Certificate c : snapshot.certificates()) {
            finding(snapshot, c).ifPresent(items::add);
        }
        return items;
    }

    /** The finding about one certificate, if any. */
    abstract Optional<InventoryReport.Item> finding(InventorySnapshot snapshot, InventorySnapshot.Certificate c);
}
