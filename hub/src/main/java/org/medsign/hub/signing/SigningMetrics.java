package org.medsign.hub.signing;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Signing metrics: {@code medsign.signatures{system, outcome}} (signed, rejected, pending, failed) and the
 * end-to-end latency histogram {@code medsign.signing.latency{system}}.
 */
@Component
public class SigningMetrics {

    private final MeterRegistry registry;

    public SigningMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts an outcome. */
    public void outcome(String systemId, String outcome) {
        Counter.builder("medsign.signatures").description("Signing requests by system and outcome")
                .tag("system", systemId).tag("outcome", outcome).register(registry).increment();
    }

    /** Counts a signature. */
    public void signed(String systemId, Instant signedAt) {
        outcome(systemId, "signed");
    }

    /** Records the time from intake to answer. */
    public void latency(String systemId, Duration duration) {
        Timer.builder("medsign.signing.latency").description("Intake to signed, as seen by synchronous callers")
                .tag("system", systemId).publishPercentileHistogram().register(registry).record(duration);
    }

    /** Counts a received request. */
    public void received(String systemId) {
        outcome(systemId, "received");
    }
}
