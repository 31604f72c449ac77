package org.medsign.hub.ops;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.stereotype.Component;

/**
 * Cluster shape (external broker, {@code spring.artemis.mode=native}): the node connects to the broker once while it
 * starts and stops with the reason if it cannot. Without this check a node with a wrong broker URL or broker password
 * would start, report DOWN and retry its listeners every 5 s forever, while the load balancer silently left it out.
 * The broker URL's own {@code initialConnectAttempts} and {@code retryInterval} bound the wait.
 */
@Component
@ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "native")
class BrokerReachability implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BrokerReachability.class);

    private final ConnectionFactory connections;
    private final ArtemisProperties artemis;

    BrokerReachability(ConnectionFactory connections, ArtemisProperties artemis) {
        this.connections = connections;
        this.artemis = artemis;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try (Connection connection = connections.createConnection()) {
            log.info("Message broker reachable at {}", artemis.getBrokerUrl());
        } catch (JMSException | RuntimeException e) {
            throw new BrokerUnreachableException(artemis.getBrokerUrl(), e);
        }
    }
}
