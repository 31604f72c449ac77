package org.medsign.hub.ops.alerts;

import java.util.Optional;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code broker-down} (SEVERE: no request can be queued): the embedded Artemis broker is not active, or — with an
 * external broker — a JMS connection cannot be opened.
 */
@Component
public class BrokerDownRule implements AlertRule {

    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final ObjectProvider<ConnectionFactory> connections;

    public BrokerDownRule(ObjectProvider<EmbeddedActiveMQ> embedded, ObjectProvider<ConnectionFactory> connections) {
        this.embedded = embedded;
        this.connections = connections;
    }

    @Override
    public String name() {
        return "broker-down";
    }

    @Override
    public Severity severity() {
        return Severity.SEVERE;
    }

    @Override
    public Optional<String> check() {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker != null) {
            return broker.getActiveMQServer() != null && broker.getActiveMQServer().isActive() ? Optional.empty()
                    : Optional.of("the embedded Artemis broker is not active");
        }
        ConnectionFactory factory = connections.getIfAvailable();
        if (factory == null) {
            return Optional.empty();
        }
        try (Connection connection = factory.createConnection()) {
            return Optional.empty();
        } catch (JMSException | RuntimeException e) {
            return Optional.of("the message broker does not accept connections: " + e.getClass().getSimpleName());
        }
    }
}
