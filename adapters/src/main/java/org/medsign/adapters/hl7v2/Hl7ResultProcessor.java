package org.medsign.adapters.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.medsign.adapters.model.SigningResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of an outbound HL7 route: turns the hub's {@link SigningResult} into the result message (MDM^T04 or
 * the ORU^R01 with its added OBX of type ED), encoded in the charset the system used (MSH-18 of its message). A
 * request the hub could not sign has no HL7 result: the exchange stops here (the refusal is in the hub's records and
 * its pending tasks; the system learnt about refusals at intake through its ACK).
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
        if (!result.isSigned()) {
            log.info("No HL7 result for a request that failed: {}", result.errorCode());
            exchange.setRouteStop(true);
            return;
        }
        String original = result.context().original();
        String message = Hl7ResultBuilder.build(original, result.artifact().signature(), result.context().signerCode(),
                result.artifact().signedAt().atZone(ZoneId.systemDefault()), "MEDSIGN" + result.artifact().signatureId());
        byte[] declared = original.getBytes(StandardCharsets.ISO_8859_1);
        exchange.getMessage().setBody(message.getBytes(Msh18Charset.of(declared, fallback)));
    }
}
