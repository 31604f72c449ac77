package org.medsign.hub.ops;

import java.util.OptionalLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.medsign.hub.signing.SigningQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Gauges {@code medsign.queue.depth{queue}} for the intake queue and its dead-letter queue (embedded broker). */
@Component
public class QueueMetrics {

    private final ObjectProvider<EmbeddedActiveMQ> broker;

    public QueueMetrics(MeterRegistry registry, ObjectProvider<EmbeddedActiveMQ> broker) {
        this.broker = broker;
        for (String queue : new String[] {SigningQueue.REQUESTS, SigningQueue.DEAD_LETTERS}) {
            Gauge.builder("medsign.queue.depth", () -> depth(broker, queue))
                    .description("Messages waiting in the queue").tag("queue", queue).register(registry);
        }
    }

    /** Messages waiting in {@code queue} of the embedded broker (0 when it has no such queue); empty without one. */
    public OptionalLong depth(String queue) {
        double depth = depth(broker, queue);
        return Double.isNaN(depth) ? OptionalLong.empty() : OptionalLong.of((long) depth);
    }

    private static double depth(ObjectProvider<EmbeddedActiveMQ> broker, String name) {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded == null || embedded.getActiveMQServer() == null) {
            return Double.NaN;
        }
        Queue queue = embedded.getActiveMQServer().locateQueue(SimpleString.of(name));
        return queue == null ? 0 : queue.getMessageCount();
    }
}
