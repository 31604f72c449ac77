package org.medsign.hub.ops;

import java.util.OptionalLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.medsign.hub.signing.SigningQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauges {@code medsign.queue.depth{queue}} for the intake queue and its dead-letter queue (embedded broker), and the
 * depth of a queue for the alert rules: from the embedded broker, or on an external broker (cluster shape) by browsing
 * the queue (at most {@value #BROWSE_LIMIT} messages are counted).
 */
@Component
public class QueueMetrics {

    /** Messages counted at most when a queue of an external broker is browsed. */
    static final int BROWSE_LIMIT = 10_000;

    private final ObjectProvider<EmbeddedActiveMQ> broker;
    private final ObjectProvider<JmsTemplate> jms;

    public QueueMetrics(MeterRegistry registry, ObjectProvider<EmbeddedActiveMQ> broker, ObjectProvider<JmsTemplate> jms) {
        this.broker = broker;
        this.jms = jms;
        for (String queue : new String[] {SigningQueue.REQUESTS, SigningQueue.DEAD_LETTERS}) {
            Gauge.builder("medsign.queue.depth", () -> depth(broker, queue))
                    .description("Messages waiting in the queue").tag("queue", queue).register(registry);
        }
    }

    /**
     * Messages waiting in {@code queue} of the embedded broker (0 when it has no such queue), or of the external broker
     * (browsed); empty when neither can be read.
     */
    public OptionalLong depth(String queue) {
        double depth = depth(broker, queue);
        if (!Double.isNaN(depth)) {
            return OptionalLong.of((long) depth);
        }
        JmsTemplate template = broker.getIfAvailable() == null ? jms.getIfAvailable() : null;
        if (template == null) {
            return OptionalLong.empty();
        }
        try {
            Integer browsed = template.browse(queue, (session, browser) -> {
                int count = 0;
                for (var messages = browser.getEnumeration(); messages.hasMoreElements() && count < BROWSE_LIMIT; count++) {
                    messages.nextElement();
                }
                return count;
            });
            return browsed == null ? OptionalLong.empty() : OptionalLong.of(browsed);
        } catch (JmsException e) {
            return OptionalLong.empty();
        }
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
