package org.medsign.hub.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public SigningMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts an outcome. */
    public void outcome(String systemId, String outcome) {
        counters.computeIfAbsent(systemId + '\u0000' + outcome, key -> Counter.builder("medsign.signatures")
                .description("Signing requests by system and outcome").tag("system", systemId).tag("outcome", outcome)
                .register(registry)).increment();
    }

    /** Counts a signature. */
    public void signed(String systemId, Instant signedAt) {
        outcome(systemId, "signed");
    }

    /** Records the time from intake to answer. */
    public void latency(String systemId, Duration duration) {
        timers.computeIfAbsent(systemId, key -> Timer.builder("medsign.signing.latency")
                .description("Intake to signed, as seen by synchronous callers").tag("system", systemId)
                .publishPercentileHistogram().register(registry)).record(duration);
    }

    /** Counts a received request. */
    public void received(String systemId) {
        outcome(systemId, "received");
    }
}
