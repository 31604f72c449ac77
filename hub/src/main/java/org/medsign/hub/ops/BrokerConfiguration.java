package org.medsign.hub.ops;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.nativo.jlibaio.LibaioContext;
import org.medsign.hub.signing.SigningProperties;
import org.medsign.hub.signing.SigningQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Artemis broker: persistent, ASYNCIO journal where libaio is available (NIO otherwise, and the hub
 * says so), redelivery with back-off and a dead-letter queue for the intake.
 */
@Configuration
public class BrokerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BrokerConfiguration.class);

    /** The journal type in use, for health and the start-up log. */
    public static volatile String journalType = "unknown";

    @Bean
    ArtemisConfigurationCustomizer medsignBroker(SigningProperties signing) {
        return configuration -> {
            boolean aio = aioAvailable();
            configuration.setJournalType(aio ? JournalType.ASYNCIO : JournalType.NIO);
            journalType = aio ? "ASYNCIO" : "NIO";
            if (aio) {
                log.info("Artemis journal: ASYNCIO (libaio)");
            } else {
                log.warn("Artemis journal: NIO; install libaio1 for the ASYNCIO journal (about 6x faster syncs)");
            }
            configuration.addAddressSetting(SigningQueue.REQUESTS, new AddressSettings()
                    .setMaxDeliveryAttempts(signing.maxAttempts())
                    .setRedeliveryDelay(1000)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(30_000)
                    .setDeadLetterAddress(SimpleString.of(SigningQueue.DEAD_LETTERS)));
            configuration.addQueueConfiguration(QueueConfiguration.of(SigningQueue.DEAD_LETTERS)
                    .setAddress(SigningQueue.DEAD_LETTERS).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        };
    }

    private static boolean aioAvailable() {
        try {
            return LibaioContext.isLoaded();
        } catch (Throwable e) {
            return false;
        }
    }
}
