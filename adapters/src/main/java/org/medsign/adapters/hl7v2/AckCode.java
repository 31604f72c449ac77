package org.medsign.adapters.hl7v2;

/** MSA-1 acknowledgment codes (original mode). */
public enum AckCode {
    /** Application accept: durably received. */
    AA,
    /** Application error: the message was understood but cannot be processed as sent. */
    AE,
    /** Application reject: the message is unacceptable (unparseable, unsupported type or version). */
    AR
}
