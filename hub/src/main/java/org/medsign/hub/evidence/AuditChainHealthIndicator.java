package org.medsign.hub.evidence;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health {@code auditChain}: DOWN when the last scheduled verification found a problem; UNKNOWN before the first. */
@Component("auditChain")
public class AuditChainHealthIndicator implements HealthIndicator {

    private final AuditChainVerification verification;

    public AuditChainHealthIndicator(AuditChainVerification verification) {
        this.verification = verification;
    }

    @Override
    public Health health() {
        return verification.last().map(outcome -> {
            var result = outcome.result();
            Health.Builder health = result.intact() ? Health.up() : Health.down();
            health.withDetail("verifiedAt", outcome.finishedAt().toString()).withDetail("events", result.events())
                    .withDetail("anchors", result.anchors());
            result.problem().ifPresent(p -> health.withDetail("problem", p.describe()));
            return health.build();
        }).orElseGet(() -> Health.unknown().withDetail("verifiedAt", "not yet").build());
    }
}
