package org.medsign.hub.ops.alerts;

import java.util.Optional;

import org.medsign.hub.evidence.AuditChainVerification;
import org.springframework.stereotype.Component;

/**
 * {@code audit-chain-broken} (ORDINARY): the latest scheduled verification of the audit chain
 * ({@code medsign.audit.verify-interval}) found a problem; it resolves when a later verification finds the chain
 * intact. Before the first verification the rule has nothing to say.
 */
@Component
public class AuditChainBrokenRule implements AlertRule {

    private final AuditChainVerification verification;

    public AuditChainBrokenRule(AuditChainVerification verification) {
        this.verification = verification;
    }

    @Override
    public String name() {
        return "audit-chain-broken";
    }

    @Override
    public Severity severity() {
        return Severity.ORDINARY;
    }

    @Override
    public Optional<String> check() {
        return verification.last().filter(outcome -> !outcome.result().intact())
                .map(outcome -> outcome.result().summary());
    }
}
