package org.medsign.hub.integration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How answers are sent to the systems ({@link ReplyConsumers}).
 *
 * @param consumers threads taking answers from {@code medsign.replies} (default 4); each holds a database connection
 *                  while its batch is sent, so one slow system does not stop the others
 * @param batch     most answers one thread sends per transaction (default 16): under load the answers waiting are
 *                  sent and recorded with one commit; a lone answer goes out at once
 */
@ConfigurationProperties("medsign.replies")
public record ReplyProperties(Integer consumers, Integer batch) {

    public ReplyProperties {
        consumers = consumers == null ? 4 : consumers;
        batch = batch == null ? 16 : batch;
        if (consumers < 1 || batch < 1) {
            throw new IllegalArgumentException("medsign.replies.consumers and medsign.replies.batch must be at least 1");
        }
    }
}
