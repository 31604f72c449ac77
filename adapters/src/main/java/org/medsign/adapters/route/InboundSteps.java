package org.medsign.adapters.route;

/**
 * The steps of an inbound route, in order, each a named bean whose node id is {@code <system>.inbound.<step>} (what
 * AdviceWith tests weave by): {@link #ERRORS} arms the edge's {@link ErrorAnswer}, {@link #FILTER} turns away what
 * this address does not serve (HTTP: method, path, API key, size; MLLP peers are filtered at accept time),
 * {@link #TRANSLATE} reads the system's message into the canonical {@code SigningRequest} (the body from then on),
 * {@link #HAND_OFF} gives it to the hub's {@code SigningGateway}, {@link #ANSWER} answers the system.
 */
public final class InboundSteps {

    public static final String ERRORS = "errors";
    public static final String FILTER = "filter";
    public static final String TRANSLATE = "translate";
    public static final String HAND_OFF = "handoff";
    public static final String ANSWER = "answer";

    /** Exchange property with the {@code ReplyContext} of a request whose result goes to an outbound route. */
    public static final String REPLY = "MedsignReplyContext";
    /** Exchange property with the {@code RequestStatus} after the hand-off. */
    public static final String STATUS = "MedsignRequestStatus";
    /** Exchange property with the {@code RequestOutcome} of a synchronous hand-off. */
    public static final String OUTCOME = "MedsignRequestOutcome";

    private InboundSteps() {
    }

    /** The node id of a step in a route template: {@code {{system}}.inbound.<step>}. */
    public static String id(String step) {
        return "{{system}}.inbound." + step;
    }
}
