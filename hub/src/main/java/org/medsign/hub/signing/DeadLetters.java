package org.medsign.hub.signing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queue of the intake: requests that failed on every attempt for a transient reason, parked by the
 * worker on their last attempt (or by the broker, should the worker never get to count it). Replay re-opens the
 * request; its outcome is then answered to the system once more only if it differs from the failure notice it got
 * (docs/architecture.md, "Every accepted request ends in exactly one final answer").
 */
@Component
public class DeadLetters {

    /**
     * A parked request.
     *
     * @param messageId   JMS message id (the handle for replay)
     * @param requestPk   internal request id
     * @param systemId    calling system
     * @param requestId   the system's request id
     * @param errorCode   why (INFRASTRUCTURE_FAILURE)
     * @param errorDetail last error detail
     * @param attempts    attempts made
     * @param status      the request's status now (DEAD_LETTER, unless its system sent it again since)
     */
    public record Entry(String messageId, long requestPk, String systemId, String requestId, ErrorCode errorCode,
                        String errorDetail, int attempts, RequestStatus status) {
    }

    private final JmsTemplate jms;
    private final SigningRequestRepository requests;

    public DeadLetters(JmsTemplate jms, SigningRequestRepository requests) {
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

    private static Entry entry(Message message, SigningRequestRepository.Stored stored) {
        try {
            return new Entry(message.getJMSMessageID(), stored.pk(), stored.request().systemId(),
                    stored.request().requestId(), stored.errorCode(), stored.errorDetail(), stored.attempts(),
                    stored.status());
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Replays the dead-lettered request {@code pk} (the console's failed view): its message on the dead-letter queue
     * when it is still there, else the request is re-opened and queued directly (its message was purged); false when
     * the request is not dead-lettered.
     */
    public boolean replayRequest(long pk) {
        if (requests.state(pk).filter(state -> state.status() == RequestStatus.DEAD_LETTER).isEmpty()) {
            return false;
        }
        String messageId = jms.browse(SigningQueue.DEAD_LETTERS, (session, browser) -> {
            for (Object element : Collections.list(browser.getEnumeration())) {
                if (element instanceof TextMessage text && Long.toString(pk).equals(text.getText())) {
                    return text.getJMSMessageID();
                }
            }
            return null;
        });
        if (messageId != null) {
            return replay(messageId);
        }
        if (!requests.reopen(pk)) {
            return false;
        }
        jms.convertAndSend(SigningQueue.REQUESTS, Long.toString(pk));
        return true;
    }

    /**
     * Parks a request on the dead-letter queue (the worker, on its last attempt; inside the intake's JMS transaction
     * when there is one, so that parking and consuming the intake message commit together).
     */
    void park(long pk) {
        jms.convertAndSend(SigningQueue.DEAD_LETTERS, Long.toString(pk));
    }

    /**
     * Moves a dead-lettered message back to the intake queue and re-opens its request if it is dead-lettered (one
     * transaction); false when not found. A request that is no longer dead-lettered (signed since, or sent again by
     * its system) is left as it is: the worker does nothing for it twice.
     */
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
                requests.reopen(pk);
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
