package org.medsign.hub.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the first three administrators get their passwords.
 *
 * @param adminPassword one password for all three ({@code MEDSIGN_ADMIN_PASSWORD}), for tests and demos only: no
 *                      forced change, not checked against the policy. Unset (the default): three different generated
 *                      passwords in {@code secrets/<user>-password}, each to be changed at the first login
 */
@ConfigurationProperties("medsign.security")
public record AdministratorBootstrapProperties(String adminPassword) {

    /** Whether the shared test/demo password is set. */
    public boolean shared() {
        return adminPassword != null && !adminPassword.isEmpty();
    }
}
