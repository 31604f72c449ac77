package org.medsign.hub.security;

/** A browser page acting for a hospital system with a web ticket; {@code requestId} set: only that request. */
public record WebTicketPrincipal(String systemId, String requestId) {

    @Override
    public String toString() {
        return "web:" + systemId;
    }
}
