package org.medsign.hub.lifecycle.inventory;

import java.util.List;
import java.util.Optional;

/** EXPIRED: past its notAfter; renew when the holder is active. */
final class ExpiredRule extends CertificateRule {

    @Override
    Optional<InventoryReport.Item> finding(InventorySnapshot snapshot, InventorySnapshot.Certificate c) {
        if (!c.notAfter().isBefore(snapshot.now())) {
            return Optional.empty();
        }
        return Optional.of(snapshot.item(InventoryCategory.EXPIRED, c, "EXPIRED",
                List.of(InventorySnapshot.day(c.notAfter())), RenewWhenActive.action(snapshot, c)));
    }
}
