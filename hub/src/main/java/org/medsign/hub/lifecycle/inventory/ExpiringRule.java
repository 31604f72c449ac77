package org.medsign.hub.lifecycle.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** EXPIRING: not yet expired, notAfter within the expiring window; renew when the holder is active. */
final class ExpiringRule extends CertificateRule {

    @Override
    Optional<InventoryReport.Item> finding(InventorySnapshot snapshot, InventorySnapshot.Certificate c) {
        if (c.notAfter().isBefore(snapshot.now()) || c.notAfter().isAfter(snapshot.expiringLimit())) {
            return Optional.empty();
        }
        return Optional.of(snapshot.item(InventoryCategory.EXPIRING, c, "EXPIRING",
                List.of(InventorySnapshot.day(c.notAfter()),
                        Long.toString(Duration.between(snapshot.now(), c.notAfter()).toDays())),
                RenewWhenActive.action(snapshot, c)));
    }
}
