package org.medsign.hub.signing;

/** Names of the intake queues (Artemis anycast addresses). */
public final class SigningQueue {

    /** Durable intake: the message body is the request's internal id. */
    public static final String REQUESTS = "medsign.sign.requests";
    /** Where the broker parks a request after the last failed delivery. */
    public static final String DEAD_LETTERS = "DLQ.medsign.sign.requests";

    private SigningQueue() {
    }
}
