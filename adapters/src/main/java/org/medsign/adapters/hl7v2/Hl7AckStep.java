package org.medsign.adapters.hl7v2;

import java.nio.charset.Charset;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The answer step of an inbound MLLP route ({@code <system>.inbound.answer}): the AA the MLLP consumer sends back on
 * the same connection, only reached after the hub accepted the request durably. Refusals are answered by
 * {@link Hl7ErrorAck}.
 */
public final class Hl7AckStep implements Processor {

    /** Exchange property camel-mllp sends as the acknowledgment. */
    public static final String MLLP_ACKNOWLEDGEMENT = "CamelMllpAcknowledgement";
    /** Header with the outcome, for metrics and tests: ACCEPTED, REJECTED. */
    public static final String OUTCOME_HEADER = "MedsignHl7Outcome";

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setHeader(OUTCOME_HEADER, "ACCEPTED");
        String ack = Hl7Acks.accept(exchange.getProperty(Hl7TranslateStep.DECODED, String.class));
        exchange.setProperty(MLLP_ACKNOWLEDGEMENT, ack.getBytes(exchange.getProperty(Hl7TranslateStep.ACK_CHARSET,
                Charset.class)));
    }
}
