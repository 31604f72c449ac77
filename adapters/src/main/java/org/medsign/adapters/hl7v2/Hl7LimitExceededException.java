package org.medsign.adapters.hl7v2;

import java.util.Locale;

import org.medsign.adapters.model.ErrorCode;

/**
 * A message over one of its route's {@link Hl7Limits}: answered AR, with a text that names the limit and its value,
 * never a field value; the rejection record's code is {@code HL7_LIMIT_<limit>}.
 */
public class Hl7LimitExceededException extends Hl7RejectException {

    /** Which limit. */
    public enum Limit {
        MESSAGE_BYTES("the message is larger than %d bytes"),
        SEGMENTS("the message has more than %d segments"),
        REPETITIONS("a field has more than %d repetitions"),
        COMPONENTS("a field has more than %d components"),
        SUBCOMPONENTS("a component has more than %d sub-components"),
        PARSE_TIME("the message could not be parsed within %d ms");

        private final String text;

        Limit(String text) {
            this.text = text;
        }

        /** The catalogue code, e.g. {@code HL7_LIMIT_SUBCOMPONENTS}. */
        public ErrorCode code() {
            return switch (this) {
                case MESSAGE_BYTES -> ErrorCode.HL7_LIMIT_MESSAGE_BYTES;
                case SEGMENTS -> ErrorCode.HL7_LIMIT_SEGMENTS;
                case REPETITIONS -> ErrorCode.HL7_LIMIT_REPETITIONS;
                case COMPONENTS -> ErrorCode.HL7_LIMIT_COMPONENTS;
                case SUBCOMPONENTS -> ErrorCode.HL7_LIMIT_SUBCOMPONENTS;
                case PARSE_TIME -> ErrorCode.HL7_LIMIT_PARSE_TIME;
            };
        }
    }

    private final Limit limit;

    public Hl7LimitExceededException(Limit limit, String location, long value) {
        super(AckCode.AR, limit == Limit.REPETITIONS || limit == Limit.COMPONENTS || limit == Limit.SUBCOMPONENTS
                        ? Hl7ErrorCode.DATA_TYPE_ERROR : Hl7ErrorCode.APPLICATION_INTERNAL_ERROR, location,
                limit.code() + ": " + String.format(Locale.ROOT, limit.text, value), limit.code());
        this.limit = limit;
    }

    /** Which limit was hit. */
    public Limit limit() {
        return limit;
    }
}
