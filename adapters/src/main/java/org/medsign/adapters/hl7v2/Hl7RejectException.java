package org.medsign.adapters.hl7v2;

/**
 * A message the hub answers with AE or AR: carries the ACK code, the table 0357 error code, the location
 * (ERR-2, e.g. {@code TXA^1^22}) and a human-readable text (ERR-8). Never carries message content.
 */
public class Hl7RejectException extends RuntimeException {

    private final AckCode ackCode;
    private final Hl7ErrorCode errorCode;
    private final String location;

    public Hl7RejectException(AckCode ackCode, Hl7ErrorCode errorCode, String location, String text) {
        super(text);
        this.ackCode = ackCode;
        this.errorCode = errorCode;
        this.location = location;
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
}
