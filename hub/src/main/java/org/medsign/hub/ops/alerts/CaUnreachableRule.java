package org.medsign.hub.ops.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.cert.X509CRLHolder;
import org.medsign.hub.pki.HubPki;
import org.springframework.stereotype.Component;

/**
 * {@code ca-unreachable} (SEVERE: no certificate can be issued, renewed or revoked, and relying parties lose their
 * CRL). The hub's CA is always the embedded one (the {@code CaConnector} for an external CA over CMP is not built),
 * so "reachable" means usable: the issuing CA and TSA keys sign a probe that verifies ({@link HubPki#probeKeys()},
 * as the health's {@code pki}), the issuing and root certificates are within their validity, and the current CRL
 * can be produced and its next update is still ahead. It resolves when all three hold again.
 */
@Component
public class CaUnreachableRule implements AlertRule {

    private final HubPki pki;

    public CaUnreachableRule(HubPki pki) {
        this.pki = pki;
    }

    @Override
    public String name() {
        return "ca-unreachable";
    }

    @Override
    public Severity severity() {
        return Severity.SEVERE;
    }

    @Override
    public Optional<String> check() {
        List<String> problems = new ArrayList<>();
        Instant now = Instant.now();
        try {
            if (!pki.probeKeys()) {
                problems.add("the issuing CA or TSA key does not produce a valid signature");
            }
        } catch (RuntimeException e) {
            problems.add("the issuing CA or TSA key cannot sign: " + e.getClass().getSimpleName());
        }
        if (!pki.issuing().isValidOn(java.util.Date.from(now))) {
            problems.add("the issuing CA certificate is not valid now (until " + pki.issuing().getNotAfter()
                    .toInstant() + ")");
        }
        if (!pki.root().isValidOn(java.util.Date.from(now))) {
            problems.add("the root CA certificate is not valid now (until " + pki.root().getNotAfter().toInstant()
                    + ")");
        }
        try {
            X509CRLHolder crl = pki.currentCrl();
            if (crl.getNextUpdate() == null || !crl.getNextUpdate().toInstant().isAfter(now)) {
                problems.add("the CRL is stale (next update " + (crl.getNextUpdate() == null ? "none"
                        : crl.getNextUpdate().toInstant()) + ")");
            }
        } catch (RuntimeException e) {
            problems.add("the CRL cannot be produced: " + e.getClass().getSimpleName());
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of("embedded CA unusable: "
                + String.join("; ", problems));
    }
}
