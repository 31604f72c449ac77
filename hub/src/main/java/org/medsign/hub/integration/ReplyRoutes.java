package org.medsign.hub.integration;

import org.apache.camel.builder.RouteBuilder;
import org.medsign.hub.signing.SigningQueue;
import org.springframework.stereotype.Component;

/**
 * Sends queued result messages ({@link Replies}, bean {@code replies}) and certificate status changes
 * ({@link StatusSync}, bean {@code statusSync}); a failure rolls the JMS session back, the broker retries, then
 * dead-letters.
 */
@Component
public class ReplyRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // several consumers: a send holds its consumer until the system's ACK is read, so one slow system does not
        // stop the others, and a system whose route opens several connections receives over all of them
        from("jms:queue:" + SigningQueue.REPLIES + "?transacted=true&concurrentConsumers={{medsign.replies.consumers:4}}"
                + "&cacheLevelName=CACHE_CONSUMER")
                .routeId("hub.replies.send")
                .errorHandler(noErrorHandler())
                .convertBodyTo(String.class)
                .bean("replies", "send(${body})");

        // certificate status changes to the systems' status routes (one consumer: changes go out in order)
        from("jms:queue:" + SigningQueue.STATUS + "?transacted=true&concurrentConsumers=1&cacheLevelName=CACHE_CONSUMER")
                .routeId("hub.status.send")
                .errorHandler(noErrorHandler())
                .convertBodyTo(String.class)
                .bean("statusSync", "sendAll(${body})");
    }
}
