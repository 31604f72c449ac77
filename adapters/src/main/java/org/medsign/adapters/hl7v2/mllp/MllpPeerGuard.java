package org.medsign.adapters.hl7v2.mllp;

import java.net.InetAddress;

/**
 * Who may connect to one MLLP listener, checked when a connection is accepted, before anything is read from it: the
 * {@link AddressAllowlist} and the number of connections one address may hold at once. Built by the inbound route
 * templates from their parameters; a malformed parameter fails the route at start with the reason.
 *
 * @param system                   the system the listener belongs to (audit target)
 * @param allowlist                addresses allowed to connect
 * @param maxConnectionsPerAddress connections one address may hold open at once (≥ 1)
 */
public record MllpPeerGuard(String system, AddressAllowlist allowlist, int maxConnectionsPerAddress) {

    /** Connections one address may hold open when the route does not say. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 16;

    public MllpPeerGuard {
        if (system == null || system.isBlank()) {
            throw new IllegalArgumentException("an MLLP listener needs its system id");
        }
        if (allowlist == null) {
            throw new IllegalArgumentException("an MLLP listener needs an allowlist");
        }
        if (maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("maxConnectionsPerAddress must be at least 1, not "
                    + maxConnectionsPerAddress);
        }
    }

    /** A guard from route parameters: {@code allowedAddresses} as {@link AddressAllowlist#parse(String)} reads it. */
    public static MllpPeerGuard of(String system, String allowedAddresses, int maxConnectionsPerAddress) {
        return new MllpPeerGuard(system, AddressAllowlist.parse(allowedAddresses), maxConnectionsPerAddress);
    }

    /** Whether an address is allowed at all. */
    public boolean allows(InetAddress address) {
        return allowlist.allows(address);
    }
}
