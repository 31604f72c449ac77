package org.medsign.crypto.evidence;

import java.util.List;
import java.util.Optional;

/** The outcome of checking an evidence package: every check in order; the package is good when none failed. */
public record EvidenceVerification(List<Item> checks) {

    /** One check. */
    public record Item(String name, boolean passed, String detail) {
    }

    public EvidenceVerification {
        checks = List.copyOf(checks);
    }

    /** Whether every check passed. */
    public boolean valid() {
        return checks.stream().allMatch(Item::passed);
    }

    /** The first failed check. */
    public Optional<Item> firstFailure() {
        return checks.stream().filter(c -> !c.passed()).findFirst();
    }
}
