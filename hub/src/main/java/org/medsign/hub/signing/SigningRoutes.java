package org.medsign.hub.signing;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The intake consumer: a transacted JMS route; an exception rolls the session back and the broker redelivers with
 * back-off (address settings in {@code ops.BrokerConfiguration}), then dead-letters.
 */
@Component
public class SigningRoutes extends RouteBuilder {

    private final SigningProperties properties;

    public SigningRoutes(SigningProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        from("jms:queue:" + SigningQueue.REQUESTS + "?transacted=true&concurrentConsumers=" + properties.consumers()
                + "&maxConcurrentConsumers=" + properties.consumers() + "&cacheLevelName=CACHE_CONSUMER")
                .routeId("hub.intake.sign")
                .errorHandler(noErrorHandler())
                .convertBodyTo(String.class)
                .bean("signingWorker", "process(${body})");
    }
}
