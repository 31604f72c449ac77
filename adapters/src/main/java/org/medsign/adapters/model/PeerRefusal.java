package org.medsign.adapters.model;

import java.util.Objects;

/**
 * A connection a listener refused before reading anything from it, reported so that the hub can count and audit it.
 * Carries the peer's address only (never anything it sent).
 *
 * @param systemId the system the listener belongs to
 * @param protocol {@code hl7v2} (MLLP)
 * @param address  the peer's IP address as text (e.g. {@code 10.1.2.3} or {@code 2001:db8::7})
 * @param reason   why it was refused
 */
public record PeerRefusal(String systemId, String protocol, String address, Reason reason) {

    /** Why a connection was refused. */
    public enum Reason {
        /** The address is not in the listener's allowlist. */
        NOT_ALLOWED,
        /** The address already holds as many connections as the listener allows one address. */
        TOO_MANY_CONNECTIONS
    }

    public PeerRefusal {
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
    }
}
