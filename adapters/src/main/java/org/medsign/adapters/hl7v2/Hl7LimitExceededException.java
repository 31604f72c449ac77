package org.medsign.adapters.hl7v2;

import java.util.Locale;

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

        /** The stable code, e.g. {@code HL7_LIMIT_SUBCOMPONENTS}. */
        public String code() {
            return "HL7_LIMIT_" + name();
        }
    }

    private final Limit limit;

    public Hl7LimitExceededException(Limit limit, String location, long value) {
        super(AckCode.AR, limit == Limit.REPETITIONS || limit == Limit.COMPONENTS || limit == Limit.SUBCOMPONENTS
                        ? Hl7ErrorCode.DATA_TYPE_ERROR : Hl7ErrorCode.APPLICATION_INTERNAL_ERROR, location,
                limit.code() + ": " + String.format(Locale.ROOT, limit.text, value));
        this.limit = limit;
    }

    /** Which limit was hit. */
    public Limit limit() {
        return limit;
    }

    /** The rejection code, {@code HL7_LIMIT_<limit>}. */
    public String code() {
        return limit.code();
    }
}
