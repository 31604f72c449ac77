package org.medsign.hub.integration;

import org.apache.camel.builder.RouteBuilder;
import org.medsign.hub.signing.SigningQueue;
import org.springframework.stereotype.Component;

/**
 * Sends queued result messages and certificate status changes; a failure rolls the JMS session back, the broker
 * retries, then dead-letters.
 */
@Component
public class ReplyRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("jms:queue:" + SigningQueue.REPLIES + "?transacted=true&concurrentConsumers=2&cacheLevelName=CACHE_CONSUMER")
                .routeId("hub.replies.send")
                .errorHandler(noErrorHandler())
                .convertBodyTo(String.class)
                .bean(Replies.class, "send(${body})");

        // certificate status changes to the systems' status routes (one consumer: changes go out in order)
        from("jms:queue:" + SigningQueue.STATUS + "?transacted=true&concurrentConsumers=1&cacheLevelName=CACHE_CONSUMER")
                .routeId("hub.status.send")
                .errorHandler(noErrorHandler())
                .convertBodyTo(String.class)
                .bean(StatusSync.class, "sendAll(${body})");
    }
}
