package org.medsign.hub.ops.alerts;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * {@code tsa-unreachable} (SEVERE: no signature can complete without its timestamp): a real RFC 3161 request to the
 * external TSA ({@code medsign.pki.external-tsa-url}) over the SM3 hash of a probe fails — refused, timed out, an
 * HTTP error, a rejection or an invalid response. With the embedded TSA the rule does not apply. The request is
 * {@link TsaProbe}'s, shared with {@code clock-drift}.
 */
@Component
public class TsaUnreachableRule implements AlertRule {

    private final TsaProbe probe;

    public TsaUnreachableRule(TsaProbe probe) {
        this.probe = probe;
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
        return probe.current().map(TsaProbe.Result::error);
    }
}
