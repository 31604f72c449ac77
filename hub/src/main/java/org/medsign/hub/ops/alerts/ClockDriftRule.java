package org.medsign.hub.ops.alerts;

import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * {@code clock-drift} (ORDINARY): this node's clock differs from the external TSA's genTime by more than
 * {@code clock-drift-max} (default 5 s), measured on {@code tsa-unreachable}'s probe ({@link TsaProbe}, one request
 * for both) against the middle of the round trip. Audit events, signing windows and certificate validity use the
 * local clock: fix NTP on the node. Not evaluated with the embedded TSA (its genTime is the local clock) nor while
 * the TSA does not answer ({@code tsa-unreachable} fires then).
 */
@Component
public class ClockDriftRule implements AlertRule {

    private final TsaProbe probe;
    private final AlertProperties properties;

    public ClockDriftRule(TsaProbe probe, AlertProperties properties) {
        this.probe = probe;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "clock-drift";
    }

    @Override
    public Severity severity() {
        return Severity.ORDINARY;
    }

    @Override
    public Optional<String> check() {
        Optional<TsaProbe.Result> result = probe.current();
        if (result.isEmpty()) {
            return Optional.empty();
        }
        if (result.get().drift() == null) {
            // cannot tell: the state stays as it is
            throw new IllegalStateException("the TSA did not answer the probe");
        }
        Duration drift = result.get().drift();
        if (drift.abs().compareTo(properties.clockDriftMax()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(String.format("the TSA's time is %+.1f s from this node's clock (maximum %s; the TSA is "
                        + "%s)", drift.toMillis() / 1000.0, AlertRule.text(properties.clockDriftMax()),
                drift.isNegative() ? "behind" : "ahead"));
    }
}
