package org.medsign.hub.signing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Signing pipeline settings.
 *
 * @param syncTimeout     how long a synchronous caller waits for the signature before getting "accepted"
 * @param consumers       concurrent consumers of the intake queue
 * @param maxContentBytes largest content accepted
 * @param maxAttempts     attempts before a request is dead-lettered (the broker's max-delivery-attempts)
 */
@ConfigurationProperties("medsign.signing")
public record SigningProperties(Duration syncTimeout, Integer consumers, Integer maxContentBytes, Integer maxAttempts) {

    public SigningProperties {
        syncTimeout = syncTimeout == null ? Duration.ofSeconds(10) : syncTimeout;
        consumers = consumers == null ? 8 : consumers;
        maxContentBytes = maxContentBytes == null ? 10 * 1024 * 1024 : maxContentBytes;
        maxAttempts = maxAttempts == null ? 5 : maxAttempts;
    }
}
