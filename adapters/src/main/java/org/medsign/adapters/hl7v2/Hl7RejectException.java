package org.medsign.adapters.hl7v2;

import org.medsign.adapters.model.ErrorCode;

/**
 * A message the hub answers with AE or AR: carries the ACK code, the table 0357 error code, the location
 * (ERR-2, e.g. {@code TXA^1^22}), the catalogue code (ERR-5, rejection records) and a human-readable text (ERR-8).
 * Never carries message content.
 */
public class Hl7RejectException extends RuntimeException {

    private final AckCode ackCode;
    private final Hl7ErrorCode errorCode;
    private final String location;
    private final ErrorCode code;

    /** A condition the HL7 adapter found itself; its catalogue code follows from the table 0357 condition. */
    public Hl7RejectException(AckCode ackCode, Hl7ErrorCode errorCode, String location, String text) {
        this(ackCode, errorCode, location, text, Hl7Outcomes.codeOf(errorCode));
    }

    Hl7RejectException(AckCode ackCode, Hl7ErrorCode errorCode, String location, String text, ErrorCode code) {
        super(text);
        this.ackCode = ackCode;
        this.errorCode = errorCode;
        this.location = location;
        this.code = code;
    }

    /** A refusal the hub made, answered as {@link Hl7Outcomes#ack(ErrorCode)} says, with its fixed text. */
    public static Hl7RejectException refusedByHub(ErrorCode code) {
        Hl7Outcomes.Ack ack = Hl7Outcomes.ack(code);
        return new Hl7RejectException(ack.msa1(), ack.err3(), null, Hl7Outcomes.text(code), code);
    }

    public AckCode ackCode() {
        return ackCode;
    }

    public Hl7ErrorCode errorCode() {
        return errorCode;
    }

    /** ERR-2 location, or null. */
    public String location() {
        return location;
    }

    /** The catalogue code (ERR-5, the rejection record). */
    public ErrorCode code() {
        return code;
    }

    /** ERR-4, from the code's category. */
    public Hl7Outcomes.Severity severity() {
        return Hl7Outcomes.severity(code.category());
    }
}
