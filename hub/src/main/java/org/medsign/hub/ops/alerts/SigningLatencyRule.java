package org.medsign.hub.ops.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.medsign.hub.integration.SystemStatistics;
import org.springframework.stereotype.Component;

/**
 * {@code signing-latency} (ORDINARY): a system's p99 from intake to signature over the signatures of the last
 * {@code latency-window} (default 15 min; the latest 1000) is above {@code latency-objective} (default 2 s), with at
 * least {@code latency-min-samples} signatures (default 20). The percentiles are {@link SystemStatistics}' (as the
 * inspection's latency section), without the requests that waited for their signer's confirmation (a signing task:
 * late by design, not a slow hub).
 */
@Component
public class SigningLatencyRule implements AlertRule {

    private final SystemStatistics statistics;
    private final AlertProperties properties;

    public SigningLatencyRule(SystemStatistics statistics, AlertProperties properties) {
        this.statistics = statistics;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "signing-latency";
    }

    @Override
    public Severity severity() {
        return Severity.ORDINARY;
    }

    @Override
    public Optional<String> check() {
        double objectiveMs = properties.latencyObjective().toMillis();
        List<String> slow = new ArrayList<>();
        statistics.latencyWithoutTasks(Instant.now().minus(properties.latencyWindow())).forEach((system, l) -> {
            if (l.samples() >= properties.latencyMinSamples() && l.p99Ms() > objectiveMs) {
                slow.add(String.format("%s p99 %.0f ms over %d signature(s)", system, l.p99Ms(), l.samples()));
            }
        });
        return slow.isEmpty() ? Optional.empty() : Optional.of("signing latency p99 above the objective of "
                + properties.latencyObjective().toMillis() + " ms in the last "
                + AlertRule.text(properties.latencyWindow()) + ": " + String.join("; ", slow));
    }
}
