package org.medsign.hub.integration;

import org.apache.camel.builder.RouteBuilder;
import org.medsign.hub.signing.SigningQueue;
import org.springframework.stereotype.Component;

/**
 * Sends queued certificate status changes ({@link StatusSync}, bean {@code statusSync}); a failure rolls the JMS session
 * back, the broker retries, then dead-letters. Result messages are taken by {@link ReplyConsumers}, several per
 * transaction.
 */
@Component
public class ReplyRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // certificate status changes to the systems' status routes (one consumer: changes go out in order)
        from("jms:queue:" + SigningQueue.STATUS + "?transacted=true&concurrentConsumers=1&cacheLevelName=CACHE_CONSUMER")
                .routeId("hub.status.send")
                .errorHandler(noErrorHandler())
                .convertBodyTo(String.class)
                .bean("statusSync", "sendAll(${body})");
    }
}
