package org.medsign.crypto.verify;

/**
 * One line of the detailed report.
 *
 * @param name   what was checked ("signature", "chain", "revocation:&lt;serial&gt;", "timestamp"…)
 * @param status outcome
 * @param reason the reason code when not passed, else null
 * @param detail human-readable detail (no personal data)
 */
public record Check(String name, Status status, ReasonCode reason, String detail) {

    /** Outcome of a check. */
    public enum Status { PASSED, WARNING, FAILED, INDETERMINATE, SKIPPED }

    static Check passed(String name, String detail) {
        return new Check(name, Status.PASSED, null, detail);
    }

    static Check warning(String name, ReasonCode reason, String detail) {
        return new Check(name, Status.WARNING, reason, detail);
    }

    static Check failed(String name, ReasonCode reason, String detail) {
        return new Check(name, Status.FAILED, reason, detail);
    }

    static Check indeterminate(String name, ReasonCode reason, String detail) {
        return new Check(name, Status.INDETERMINATE, reason, detail);
    }
}
