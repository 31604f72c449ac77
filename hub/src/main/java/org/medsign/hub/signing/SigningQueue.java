package org.medsign.hub.signing;

/** Names of the intake queues (Artemis anycast addresses). */
public final class SigningQueue {

    /** Durable intake: the message body is the request's internal id. */
    public static final String REQUESTS = "medsign.sign.requests";
    /** Where the broker parks a request after the last failed delivery. */
    public static final String DEAD_LETTERS = "DLQ.medsign.sign.requests";
    /** Result messages to send back to systems: the body is the request's internal id. */
    public static final String REPLIES = "medsign.replies";
    /** Where the broker parks a result message the system would not take. */
    public static final String REPLIES_DEAD_LETTERS = "DLQ.medsign.replies";

    /** Certificate status changes to deliver to systems: the body is the certificate event's id. */
    public static final String STATUS = "medsign.certificate.status";
    /** Where the broker parks a status change a system would not take. */
    public static final String STATUS_DEAD_LETTERS = "DLQ.medsign.certificate.status";

    private SigningQueue() {
    }
}
