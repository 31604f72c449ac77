package org.medsign.hub.ops;

/** The external message broker (cluster shape) could not be reached while the node started. */
public class BrokerUnreachableException extends IllegalStateException {

    private final String brokerUrl;

    public BrokerUnreachableException(String brokerUrl, Throwable cause) {
        super("The message broker at " + brokerUrl + " cannot be reached: " + reason(cause)
                + ". This node stops: it cannot accept signing requests without the broker.", cause);
        this.brokerUrl = brokerUrl;
    }

    /** The broker URL the node was configured with. */
    public String brokerUrl() {
        return brokerUrl;
    }

    private static String reason(Throwable cause) {
        StringBuilder reason = new StringBuilder(String.valueOf(cause.getMessage()));
        for (Throwable inner = cause.getCause(); inner != null && inner != inner.getCause(); inner = inner.getCause()) {
            if (inner.getMessage() != null && !reason.toString().contains(inner.getMessage())) {
                reason.append(" (").append(inner.getMessage()).append(')');
            }
        }
        return reason.toString();
    }
}
