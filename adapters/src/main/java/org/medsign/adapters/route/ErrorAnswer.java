package org.medsign.adapters.route;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * How one edge answers a failure of its inbound route (an HL7 AE/AR ACK, an OperationOutcome, a problem JSON, an
 * error file). The route's first step is the answer itself: running it arms it for the rest of the exchange
 * ({@code <system>.inbound.errors}), and the shared {@link AdapterErrors} configuration calls it when a later step
 * throws. Template-local beans are not in the registry at run time, which is why the route hands it over this way.
 */
public interface ErrorAnswer extends Processor {

    /** Exchange property holding the armed answer. */
    String PROPERTY = "MedsignErrorAnswer";

    /** Whether this edge answers {@code failure}; when not, the failure goes back to the consumer (e.g. a file stays). */
    default boolean answers(Throwable failure) {
        return true;
    }

    /** Answers {@code failure} in the edge's protocol, on {@code exchange}. */
    void answer(Exchange exchange, Throwable failure);

    /** Arms this answer for the rest of the exchange. */
    @Override
    default void process(Exchange exchange) {
        exchange.setProperty(PROPERTY, this);
    }

    /** The answer armed on {@code exchange}, or null when the route failed before arming one. */
    static ErrorAnswer armed(Exchange exchange) {
        return exchange.getProperty(PROPERTY, ErrorAnswer.class);
    }
}
