package org.medsign.hub.ops.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.medsign.hub.integration.SystemStatistics;
import org.springframework.stereotype.Component;

/**
 * {@code route-errors} (ORDINARY): a system whose messages of the last {@code route-errors-window} (default 15 min)
 * were rejected at intake, failed or dead-lettered above {@code route-errors-rate} (default 20 %), with at least
 * {@code route-errors-min} errors (default 5) — typically a system sending garbage or naming unknown signers. The
 * counts are {@link SystemStatistics}' (the same as the inspection's error rate); it resolves when the window is clean.
 */
@Component
public class RouteErrorsRule implements AlertRule {

    private final SystemStatistics statistics;
    private final AlertProperties properties;

    public RouteErrorsRule(SystemStatistics statistics, AlertProperties properties) {
        this.statistics = statistics;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "route-errors";
    }

    @Override
    public Severity severity() {
        return Severity.ORDINARY;
    }

    @Override
    public Optional<String> check() {
        List<String> systems = new ArrayList<>();
        for (SystemStatistics.Stats s : statistics.compute(Instant.now().minus(properties.routeErrorsWindow()))) {
            long errors = s.failed() + s.deadLettered() + s.rejected();
            long attempts = s.received() + s.rejected();
            double rate = attempts == 0 ? 0 : errors / (double) attempts;
            if (errors >= properties.routeErrorsMin() && rate > properties.routeErrorsRate()) {
                systems.add(String.format("%s %d/%d (%.0f%%: rejected %d, failed %d, dead-lettered %d)", s.system(),
                        errors, attempts, rate * 100, s.rejected(), s.failed(), s.deadLettered()));
            }
        }
        return systems.isEmpty() ? Optional.empty() : Optional.of("error rate above "
                + Math.round(properties.routeErrorsRate() * 100) + "% over the last "
                + AlertRule.text(properties.routeErrorsWindow()) + ": " + String.join("; ", systems));
    }
}
