package org.medsign.hub.ops.alerts;

import java.util.Optional;

import org.medsign.hub.ops.QueueMetrics;
import org.medsign.hub.signing.SigningQueue;
import org.springframework.stereotype.Component;

/**
 * {@code dead-letters} (ORDINARY): the intake's dead-letter queue holds more messages than
 * {@code medsign.ops.alerts.dead-letters-threshold} (default 0). It resolves when they are replayed or purged.
 */
@Component
public class DeadLettersRule implements AlertRule {

    private final QueueMetrics queues;
    private final AlertProperties properties;

    public DeadLettersRule(QueueMetrics queues, AlertProperties properties) {
        this.queues = queues;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "dead-letters";
    }

    @Override
    public Severity severity() {
        return Severity.ORDINARY;
    }

    @Override
    public Optional<String> check() {
        long depth = queues.depth(SigningQueue.DEAD_LETTERS)
                .orElseThrow(() -> new IllegalStateException("the broker's queue " + SigningQueue.DEAD_LETTERS
                        + " cannot be read"));
        return depth > properties.deadLettersThreshold()
                ? Optional.of(depth + " dead-lettered request(s) in " + SigningQueue.DEAD_LETTERS + " (threshold "
                        + properties.deadLettersThreshold() + ")")
                : Optional.empty();
    }
}
