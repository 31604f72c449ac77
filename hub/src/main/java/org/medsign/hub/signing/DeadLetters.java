package org.medsign.hub.signing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/** Lists and replays requests the broker dead-lettered. */
@Component
public class DeadLetters {

    /**
     * A parked request.
     *
     * @param messageId   JMS message id (the handle for replay)
     * @param requestPk   internal request id
     * @param systemId    calling system
     * @param requestId   the system's request id
     * @param errorCode   last error code
     * @param errorDetail last error detail
     * @param attempts    attempts made
     */
    public record Entry(String messageId, long requestPk, String systemId, String requestId, String errorCode,
                        String errorDetail, int attempts) {
    }

    private final JmsTemplate jms;
    private final SigningRequests requests;

    public DeadLetters(JmsTemplate jms, SigningRequests requests) {
        this.jms = jms;
        this.requests = requests;
    }

    /** The dead-lettered requests (up to {@code limit}). */
    public List<Entry> list(int limit) {
        List<Entry> entries = jms.browse(SigningQueue.DEAD_LETTERS, (session, browser) -> {
            List<Entry> found = new ArrayList<>();
            for (Object element : Collections.list(browser.getEnumeration())) {
                Message message = (Message) element;
                if (found.size() >= limit) {
                    break;
                }
                long pk = Long.parseLong(((TextMessage) message).getText());
                requests.find(pk).ifPresent(stored -> found.add(entry(message, stored)));
            }
            return found;
        });
        return entries == null ? List.of() : entries;
    }

    private static Entry entry(Message message, SigningRequests.Stored stored) {
        try {
            return new Entry(message.getJMSMessageID(), stored.pk(), stored.request().systemId(),
                    stored.request().requestId(), stored.errorCode(), stored.errorDetail(), stored.attempts());
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves a dead-lettered message back to the intake queue (one transaction); false when not found. */
    public boolean replay(String messageId) {
        Boolean moved = jms.execute(session -> {
            Queue dlq = session.createQueue(SigningQueue.DEAD_LETTERS);
            Queue intake = session.createQueue(SigningQueue.REQUESTS);
            try (MessageConsumer consumer = session.createConsumer(dlq,
                    "JMSMessageID = '" + messageId.replace("'", "''") + "'");
                 MessageProducer producer = session.createProducer(intake)) {
                Message message = consumer.receive(2000);
                if (!(message instanceof TextMessage text)) {
                    return false;
                }
                long pk = Long.parseLong(text.getText());
                requests.resetForReplay(pk);
                producer.send(session.createTextMessage(Long.toString(pk)));
                if (session.getTransacted()) {
                    session.commit();
                }
                return true;
            }
        }, true);
        return Boolean.TRUE.equals(moved);
    }
}
