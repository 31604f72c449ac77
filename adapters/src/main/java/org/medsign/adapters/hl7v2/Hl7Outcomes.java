package org.medsign.adapters.hl7v2;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;

/**
 * The HL7 v2 edge of the outcome catalogue: which MSA-1, ERR-3 (table 0357) and ERR-4 (table 0516) a refusal gets, by
 * its category (docs/integration.md, "HL7 answers per category"), and the texts of ACKs and failure notices, which
 * quote no field value. ERR-5 carries the hub's code and category ({@code CODE^CATEGORY^MEDSIGN}).
 */
public final class Hl7Outcomes {

    /** The coding system of ERR-5 and of the failure notices' NTE-4. */
    public static final String CODING_SYSTEM = "MEDSIGN";

    /** ERR-4 severity, HL7 table 0516. */
    public enum Severity {
        /** Error: the transaction was unsuccessful. */
        E,
        /** Fatal error: the message was not processed because of an application or network failure condition. */
        F,
        /** Information: the transaction was successful but includes information. */
        I,
        /** Warning: the transaction was successful but there may be issues. */
        W
    }

    /**
     * What an ACK carries for a refusal.
     *
     * @param msa1 AA, AE or AR
     * @param err3 table 0357 condition, or null for AA
     * @param err4 table 0516 severity, or null for AA
     */
    public record Ack(AckCode msa1, Hl7ErrorCode err3, Severity err4) {
    }

    private Hl7Outcomes() {
    }

    /** The ACK of a refusal the hub made. */
    public static Ack ack(ErrorCode code) {
        if (code == ErrorCode.SIGNER_UNKNOWN) {
            // the signer's code is a key the HIS sent that the hub does not know
            return new Ack(AckCode.AE, Hl7ErrorCode.UNKNOWN_KEY_IDENTIFIER, Severity.E);
        }
        return ack(code.category());
    }

    /** The ACK of a category. */
    public static Ack ack(OutcomeCategory category) {
        return switch (category) {
            case FINAL_REFUSAL, CORRECTABLE -> new Ack(AckCode.AE, Hl7ErrorCode.APPLICATION_INTERNAL_ERROR, Severity.E);
            case CONFLICT -> new Ack(AckCode.AE, Hl7ErrorCode.DUPLICATE_KEY_IDENTIFIER, Severity.E);
            case NOT_FOUND -> new Ack(AckCode.AE, Hl7ErrorCode.UNKNOWN_KEY_IDENTIFIER, Severity.E);
            case TOO_LARGE, AUTHENTICATION, FORBIDDEN ->
                    new Ack(AckCode.AR, Hl7ErrorCode.APPLICATION_INTERNAL_ERROR, Severity.E);
            case THROTTLED, TRANSIENT, INTERNAL -> new Ack(AckCode.AE, Hl7ErrorCode.APPLICATION_INTERNAL_ERROR,
                    Severity.F);
            case PENDING -> new Ack(AckCode.AA, null, null);
        };
    }

    /** The severity of a category's ERR-4 (a refusal the HL7 adapter made itself uses it too). */
    public static Severity severity(OutcomeCategory category) {
        Severity severity = ack(category).err4();
        return severity == null ? Severity.I : severity;
    }

    /** The catalogue code of a condition the HL7 adapter found itself (rejection records, statistics). */
    public static ErrorCode codeOf(Hl7ErrorCode condition) {
        return switch (condition) {
            case SEGMENT_SEQUENCE_ERROR -> ErrorCode.HL7_SEGMENT_SEQUENCE_ERROR;
            case REQUIRED_FIELD_MISSING -> ErrorCode.HL7_REQUIRED_FIELD_MISSING;
            case DATA_TYPE_ERROR -> ErrorCode.HL7_DATA_TYPE_ERROR;
            case TABLE_VALUE_NOT_FOUND -> ErrorCode.HL7_TABLE_VALUE_NOT_FOUND;
            case UNSUPPORTED_MESSAGE_TYPE -> ErrorCode.HL7_UNSUPPORTED_MESSAGE_TYPE;
            case UNSUPPORTED_EVENT_CODE -> ErrorCode.HL7_UNSUPPORTED_EVENT_CODE;
            case UNSUPPORTED_PROCESSING_ID -> ErrorCode.HL7_UNSUPPORTED_PROCESSING_ID;
            case UNSUPPORTED_VERSION_ID -> ErrorCode.HL7_UNSUPPORTED_VERSION_ID;
            case UNKNOWN_KEY_IDENTIFIER -> ErrorCode.HL7_UNKNOWN_KEY_IDENTIFIER;
            case DUPLICATE_KEY_IDENTIFIER -> ErrorCode.HL7_DUPLICATE_KEY_IDENTIFIER;
            case APPLICATION_RECORD_LOCKED -> ErrorCode.HL7_APPLICATION_RECORD_LOCKED;
            case APPLICATION_INTERNAL_ERROR -> ErrorCode.HL7_APPLICATION_INTERNAL_ERROR;
        };
    }

    /**
     * {@code CODE: sentence} for MSA-3 / ERR-8 of a refusal the hub made. The hub's own message is never passed on,
     * since it may name the signer code or request id the sender wrote.
     */
    public static String text(ErrorCode code) {
        String sentence = code == ErrorCode.REQUEST_ID_REUSED ? "MSH-10 was used before for other content"
                : code.sentence();
        return code.name() + ": " + sentence + (code.category().retryLater() ? "; send it again later" : "");
    }

    /** What the sender should do, for the failure notices' text. */
    public static String advice(OutcomeCategory category) {
        return switch (category) {
            case FINAL_REFUSAL -> "final: do not send it again unchanged";
            case CORRECTABLE, TOO_LARGE -> "correct the message and send it again";
            case CONFLICT -> "send it under a new message control id";
            case AUTHENTICATION, FORBIDDEN -> "this system may not ask for it";
            case NOT_FOUND -> "unknown to the hub";
            case THROTTLED, TRANSIENT -> "transient: send it again later";
            case PENDING -> "waiting for a person";
            case INTERNAL -> "the hub's operators have to act";
        };
    }

    /** NTE-3 of a failure notice: {@code CODE: sentence (advice)}, no value of the request. */
    public static String noticeText(ErrorCode code) {
        return code.name() + ": " + code.sentence() + " (" + advice(code.category()) + ")";
    }

    /** ERR-5 / NTE-4: {@code CODE^CATEGORY^MEDSIGN} with the message's component separator. */
    static String coded(ErrorCode code, char component) {
        return code.name() + component + code.category().name() + component + CODING_SYSTEM;
    }
}
