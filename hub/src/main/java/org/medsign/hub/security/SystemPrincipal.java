package org.medsign.hub.security;

/** An authenticated hospital system. */
public record SystemPrincipal(String systemId) {

    @Override
    public String toString() {
        return "system:" + systemId;
    }
}
