package org.medsign.adapters.model;

import java.util.Objects;

/**
 * An inbound message or row an adapter refused before (or when) the hub could accept it, reported so that an operator
 * can find it. Carries only the size and digest of the payload, never the payload (patient data).
 *
 * @param systemId  the system the route belongs to
 * @param protocol  {@code hl7v2}, {@code sqltable}, {@code fhir}, {@code httpjson} or {@code file}
 * @param reference the message's own reference (HL7 control id, row id, FHIR identifier, file name), or null
 * @param code      why (e.g. {@code HL7_UNSUPPORTED_MESSAGE_TYPE}, {@code SIGNER_UNKNOWN})
 * @param detail    human-readable reason, as sent back to the system
 * @param payload   the bytes received (only their size and SM3 digest are kept), or null
 */
public record Rejection(String systemId, String protocol, String reference, ErrorCode code, String detail,
                        byte[] payload) {

    public Rejection {
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(code, "code");
    }

    @Override
    public String toString() {
        return "Rejection[" + systemId + "/" + protocol + "/" + reference + ", " + code + "]";
    }
}
