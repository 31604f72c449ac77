package org.medsign.hub.ops.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.Sm3;
import org.medsign.crypto.tsp.TimestampException;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.pki.PkiProperties;
import org.springframework.stereotype.Component;

/**
 * {@code tsa-unreachable} (SEVERE: no signature can complete without its timestamp): a real RFC 3161 request to the
 * external TSA ({@code medsign.pki.external-tsa-url}) over the SM3 hash of a probe fails — refused, timed out, an
 * HTTP error, a rejection or an invalid response. With the embedded TSA the rule does not apply.
 */
@Component
public class TsaUnreachableRule implements AlertRule {

    private static final byte[] PROBE = "medsign-alert-probe".getBytes(StandardCharsets.US_ASCII);

    private final HubPki pki;
    private final PkiProperties properties;

    public TsaUnreachableRule(HubPki pki, PkiProperties properties) {
        this.pki = pki;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "tsa-unreachable";
    }

    @Override
    public Severity severity() {
        return Severity.SEVERE;
    }

    @Override
    public Optional<String> check() {
        if (properties.externalTsaUrl() == null || properties.externalTsaUrl().isBlank()) {
            return Optional.empty();
        }
        try {
            pki.timestamps().timestamp(Digests.SM3, Sm3.digest(PROBE));
            return Optional.empty();
        } catch (TimestampException e) {
            // a refused connection's message is often empty: name the cause's type
            Throwable cause = e.getCause();
            return Optional.of(cause == null ? e.getMessage()
                    : e.getMessage() + " (" + cause.getClass().getSimpleName() + ")");
        }
    }
}
