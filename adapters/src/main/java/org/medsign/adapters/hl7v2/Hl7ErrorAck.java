package org.medsign.adapters.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.apache.camel.Exchange;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.route.ErrorAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error answer of an inbound MLLP route ({@code <system>.inbound.errors}): AE/AR with an ERR segment for a message
 * the translate step refused ({@link Hl7RejectException}), the hub refused ({@link SigningRefusedException}: MSA-1,
 * ERR-3 and ERR-4 by the code's category, {@link Hl7Outcomes}) or the hub could not take now
 * ({@link ErrorCode#HUB_UNAVAILABLE}); each refusal is recorded for operators. ACK texts quote no field value and the
 * log names exception classes only.
 */
public final class Hl7ErrorAck implements ErrorAnswer {

    private static final Logger log = LoggerFactory.getLogger(Hl7ErrorAck.class);

    private final String system;
    private final Charset fallback;

    /** The error answer of {@code system}, whose messages without MSH-18 are in {@code charset}. */
    public Hl7ErrorAck(String system, String charset) {
        this.system = system;
        this.fallback = charset == null || charset.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(charset);
    }

    @Override
    public void answer(Exchange exchange, Throwable failure) {
        exchange.getMessage().setHeader(Hl7AckStep.OUTCOME_HEADER, "REJECTED");
        byte[] bytes = exchange.getProperty(Hl7TranslateStep.RECEIVED, byte[].class);
        Charset charset = exchange.getProperty(Hl7TranslateStep.ACK_CHARSET, fallback, Charset.class);
        String decoded = exchange.getProperty(Hl7TranslateStep.DECODED, String.class);
        if (decoded == null) {
            decoded = bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
        }
        String ack;
        if (failure instanceof Hl7RejectException e) {
            log.info("HL7 message from {} rejected: {} {}", system, e.ackCode(), e.code());
            String text = decodedOrRaw(bytes, charset, decoded);
            ack = Hl7Acks.reject(text, e);
            report(exchange, bytes, text, e.code(), e.getMessage());
        } else if (failure instanceof SigningRefusedException e) {
            // MSA-1, ERR-3 and ERR-4 by the code's category (Hl7Outcomes); the hub's own message is not passed on
            log.info("HL7 message from {} refused by the hub: {}", system, e.code());
            Hl7RejectException refusal = Hl7RejectException.refusedByHub(e.code());
            ack = Hl7Acks.reject(decoded, refusal);
            report(exchange, bytes, decoded, e.code(), refusal.getMessage());
        } else {
            // exception messages may quote what was received: class names only
            log.warn("HL7 message from {} could not be accepted: {}", system, causes(failure));
            ack = Hl7Acks.reject(decoded, Hl7RejectException.refusedByHub(ErrorCode.HUB_UNAVAILABLE));
            report(exchange, bytes, decoded, ErrorCode.HUB_UNAVAILABLE, failure.getClass().getSimpleName());
        }
        exchange.setProperty(Hl7AckStep.MLLP_ACKNOWLEDGEMENT, ack.getBytes(charset));
    }

    /** The class names of an exception and its causes, e.g. {@code CannotCreateTransactionException <- SQLException}. */
    static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            out.append(out.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
        }
        return out.toString();
    }

    /** Leaves a record of the refusal for operators; a failure to record never changes the ACK. */
    private void report(Exchange exchange, byte[] bytes, String text, ErrorCode code, String detail) {
        try {
            SigningGateway.from(exchange.getContext()).rejected(new Rejection(system, "hl7v2", Hl7Acks.controlId(text),
                    code, detail, bytes));
        } catch (RuntimeException e) {
            log.warn("Could not record the rejection of a message from {}: {}", system, e.getClass().getSimpleName());
        }
    }

    private static String decodedOrRaw(byte[] bytes, Charset charset, String fallback) {
        if (bytes == null) {
            return fallback;
        }
        try {
            return Msh18Charset.decode(bytes, charset);
        } catch (Hl7RejectException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
