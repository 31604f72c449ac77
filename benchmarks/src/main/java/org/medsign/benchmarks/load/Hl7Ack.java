package org.medsign.benchmarks.load;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * An HL7 v2 acknowledgment as read from its MSA segment.
 *
 * @param code       MSA-1: AA, AE, AR (original mode) or CA, CE, CR (enhanced mode)
 * @param controlId  MSA-2: MSH-10 of the acknowledged message
 * @param reason     why it was not accepted: ERR-8, else ERR-3.1 and MSA-3; empty for AA
 */
record Hl7Ack(String code, String controlId, String reason) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    /** What an acknowledgment code means for the driver's counts. */
    enum Outcome {
        /** AA / CA: durably accepted. */
        ACCEPTED,
        /** AE / CE: application error, e.g. unknown signer. */
        ERROR,
        /** AR / CR: rejected, e.g. unsupported message type. */
        REJECTED
    }

    /** Reads the acknowledgment in {@code text}, strictly: an MSH, an MSA and a known MSA-1 code. */
    static Hl7Ack parse(String text) throws MalformedHl7Exception {
        Er7Message message = new Er7Message(text);
        if (!message.has("MSA")) {
            throw new MalformedHl7Exception("acknowledgment without an MSA segment");
        }
        String code = message.field("MSA", 1);
        if (!code.matches("[AC][AER]")) {
            throw new MalformedHl7Exception("unknown acknowledgment code MSA-1 '" + code + "'");
        }
        String reason = message.field("ERR", 8);
        if (reason.isEmpty()) {
            reason = String.join(" ", message.component("ERR", 3, 1), message.field("MSA", 3)).trim();
        }
        return new Hl7Ack(code, message.field("MSA", 2), reason);
    }

    /** The outcome of the code. */
    Outcome outcome() {
        return switch (code.charAt(1)) {
            case 'A' -> Outcome.ACCEPTED;
            case 'E' -> Outcome.ERROR;
            default -> Outcome.REJECTED;
        };
    }

    /**
     * The AA the driver answers with to a message it received: sender and receiver swapped, MSH-9 {@code ACK^<event>},
     * MSH-10 {@code A<control id>}, MSA-2 = the message's MSH-10.
     */
    static String accepting(Er7Message received) {
        String controlId = received.field("MSH", 10);
        String event = received.component("MSH", 9, 2);
        String version = received.component("MSH", 12, 1);
        return "MSH|^~\\&|" + received.field("MSH", 5) + "|" + received.field("MSH", 6) + "|"
                + received.field("MSH", 3) + "|" + received.field("MSH", 4) + "|" + LocalDateTime.now().format(TIME)
                + "||ACK" + (event.isEmpty() ? "" : "^" + event) + "|A" + controlId + "|P|"
                + (version.isEmpty() ? "2.5.1" : version) + "\rMSA|AA|" + controlId + "\r";
    }
}
