package org.medsign.hub.security;

/** A clinician signed in to the mobile app (by a bearer token of an app session). */
public record AppPrincipal(String staffId) {

    @Override
    public String toString() {
        return "staff:" + staffId;
    }
}
