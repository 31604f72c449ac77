package org.medsign.hub.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.nativo.jlibaio.LibaioContext;
import org.medsign.hub.DataDirectory;
import org.medsign.hub.HubProperties;
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
    ArtemisConfigurationCustomizer medsignBroker(SigningProperties signing, HubProperties hub) {
        return configuration -> {
            boolean aio = aioAvailable();
            configuration.setJournalType(aio ? JournalType.ASYNCIO : JournalType.NIO);
            journalType = aio ? "ASYNCIO" : "NIO";
            if (aio) {
                log.info("Artemis journal: ASYNCIO (libaio)");
            } else {
                Path nativeDir = extractNativeLibrary(hub.home().resolve("native"));
                log.warn("Artemis journal: NIO (about 6x slower per durable send). For ASYNCIO install libaio1 and start "
                        + "the JVM with -Djava.library.path={} (for example JDK_JAVA_OPTIONS=\"-Djava.library.path={}\"); "
                        + "see docs/operations.md", nativeDir, nativeDir);
            }
            retryThenDeadLetter(configuration, SigningQueue.REQUESTS, SigningQueue.DEAD_LETTERS, signing.maxAttempts());
            retryThenDeadLetter(configuration, SigningQueue.REPLIES, SigningQueue.REPLIES_DEAD_LETTERS,
                    signing.maxAttempts());
            retryThenDeadLetter(configuration, SigningQueue.STATUS, SigningQueue.STATUS_DEAD_LETTERS,
                    signing.maxAttempts());
        };
    }

    /** Redelivery after 1 s, 2 s, 4 s… (at most 30 s), then the message moves to its dead-letter queue. */
    private static void retryThenDeadLetter(org.apache.activemq.artemis.core.config.Configuration configuration,
                                            String queue, String deadLetters, int attempts) {
        configuration.addAddressSetting(queue, new AddressSettings()
                .setMaxDeliveryAttempts(attempts)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(30_000)
                .setDeadLetterAddress(SimpleString.of(deadLetters)));
        configuration.addQueueConfiguration(QueueConfiguration.of(deadLetters)
                .setAddress(deadLetters).setRoutingType(RoutingType.ANYCAST).setDurable(true));
    }

    /** Copies Artemis' bundled libaio wrapper out of the jar so that it can be put on java.library.path. */
    private static Path extractNativeLibrary(Path dir) {
        String resource = "lib/linux-x86_64/libartemis-native-64.so";
        try (InputStream in = LibaioContext.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                DataDirectory.createOwnerOnly(dir);
                Path target = dir.resolve("libartemis-native-64.so");
                if (!Files.exists(target)) {
                    Files.copy(in, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException | UnsupportedOperationException | org.medsign.hub.HubException e) {
            log.debug("Could not extract the Artemis native library: {}", e.getMessage());
        }
        return dir.toAbsolutePath();
    }

    private static boolean aioAvailable() {
        try {
            return LibaioContext.isLoaded();
        } catch (Throwable e) {
            return false;
        }
    }
}
