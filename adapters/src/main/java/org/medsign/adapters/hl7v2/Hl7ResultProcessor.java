package org.medsign.adapters.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.SigningResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of an outbound HL7 route: turns the hub's {@link SigningResult} into the result message (MDM^T04 or
 * the ORU^R01 with its added OBX of type ED), or, for a request the hub could not sign after accepting it (refused
 * meanwhile, or failed after its retries), into the failure notice of the same message type
 * ({@link Hl7ResultBuilder#failureNotice}); encoded in the charset the system used (MSH-18 of its message).
 */
public final class Hl7ResultProcessor implements Processor {

    private static final Logger log = LoggerFactory.getLogger(Hl7ResultProcessor.class);

    private final Charset fallback;

    /** A processor for a system whose messages without MSH-18 are in {@code charset}. */
    public Hl7ResultProcessor(String charset) {
        this.fallback = charset == null || charset.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(charset.trim());
    }

    public Hl7ResultProcessor() {
        this("UTF-8");
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        SigningResult result = exchange.getMessage().getMandatoryBody(SigningResult.class);
        String original = result.context().original();
        String message;
        if (result.isSigned()) {
            message = result.artifact().operation() == Operation.PDF
                    ? Hl7ResultBuilder.buildPdf(original, result.artifact().signature(),
                            result.context().signerCode(), result.artifact().signedAt().atZone(ZoneId.systemDefault()),
                            "MEDSIGN" + result.artifact().signatureId())
                    : Hl7ResultBuilder.build(original, result.artifact().signature(), result.context().signerCode(),
                            result.artifact().signedAt().atZone(ZoneId.systemDefault()),
                            "MEDSIGN" + result.artifact().signatureId());
        } else {
            log.info("Failure notice for a request that was not signed: {}", result.errorCode());
            message = Hl7ResultBuilder.failureNotice(original, result.errorCode(), noticeControlId(original));
        }
        byte[] declared = original.getBytes(StandardCharsets.ISO_8859_1);
        exchange.getMessage().setBody(message.getBytes(Msh18Charset.of(declared, fallback)));
    }

    /** MSH-10 of a failure notice: {@code MEDSIGNF} and the request's own control id (the same on every resend). */
    static String noticeControlId(String original) {
        String controlId = Hl7Acks.controlId(original);
        return "MEDSIGNF" + (controlId == null ? "" : controlId);
    }
}
