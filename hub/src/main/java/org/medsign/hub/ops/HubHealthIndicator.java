package org.medsign.hub.ops;

import org.medsign.hub.pki.HubPki;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health of the signing keys: the issuing CA and TSA keys sign a probe, and the broker's journal type. */
@Component("pki")
public class HubHealthIndicator implements HealthIndicator {

    private final HubPki pki;

    public HubHealthIndicator(HubPki pki) {
        this.pki = pki;
    }

    @Override
    public Health health() {
        try {
            if (!pki.probeKeys()) {
                return Health.down().withDetail("error", "a CA or TSA key does not sign correctly").build();
            }
            return Health.up().withDetail("ca", "issuing key available").withDetail("tsa", "TSA key available")
                    .withDetail("journal", BrokerConfiguration.journalType).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }

}
