package org.medsign.hub.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The administrators' password policy (等保 2.0 identity authentication: complexity and periodic change).
 *
 * @param minLength           fewest characters
 * @param minCharacterClasses how many of the four classes (upper case, lower case, digits, other characters) a
 *                            password must mix
 * @param history             how many of the holder's previous passwords may not be chosen again (the current one
 *                            is never accepted as the new one)
 * @param maxAge              after this a password must be changed at the next login; unset or zero: no maximum age
 */
@ConfigurationProperties("medsign.security.password")
public record PasswordPolicyProperties(@DefaultValue("12") int minLength, @DefaultValue("3") int minCharacterClasses,
                                       @DefaultValue("5") int history, Duration maxAge) {

    public PasswordPolicyProperties {
        if (minLength < 8) {
            throw new IllegalArgumentException("medsign.security.password.min-length must be at least 8");
        }
        if (minCharacterClasses < 1 || minCharacterClasses > 4) {
            throw new IllegalArgumentException("medsign.security.password.min-character-classes must be 1 to 4");
        }
        if (history < 0) {
            throw new IllegalArgumentException("medsign.security.password.history must not be negative");
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("medsign.security.password.max-age must not be negative");
        }
    }

    /** Whether passwords expire. */
    public boolean expires() {
        return maxAge != null && !maxAge.isZero();
    }
}
