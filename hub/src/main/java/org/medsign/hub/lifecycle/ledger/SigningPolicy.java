package org.medsign.hub.lifecycle.ledger;

import java.util.Locale;
import java.util.Optional;

/**
 * How a request for a signature is decided (签名策略), per system and document scenario: see docs/mobile.md,
 * "Signing policy". Written in lower case in the API and the docs ({@code confirm}, {@code window}, {@code auto}).
 */
public enum SigningPolicy {
    /** Every request becomes a task its signer confirms with the PIN (the default for personal certificates). */
    CONFIRM,
    /** Signs without a prompt while the signer holds an open signing window for the system/scenario, else CONFIRM. */
    WINDOW,
    /** Signs without a prompt: only for organisation certificates held by the hub; a person's request is CONFIRM. */
    AUTO;

    /** The policy named {@code name} (any case), or empty. */
    public static Optional<SigningPolicy> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (SigningPolicy policy : values()) {
            if (policy.name().equalsIgnoreCase(name.trim())) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /** The name as the API and the docs write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
