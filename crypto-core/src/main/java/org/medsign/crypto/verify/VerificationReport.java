package org.medsign.crypto.verify;

import java.time.Instant;
import java.util.List;

/**
 * The result of a verification: the simple part (indication, main reason, signer, times) and the detailed part
 * (every check in order).
 *
 * @param indication         overall outcome
 * @param reason             the first failing reason, or null when passed
 * @param signer             signer certificate summary, or null when unknown
 * @param chain              the certification path found, signer first
 * @param claimedSigningTime the signing-time attribute (claimed by the signer), or null
 * @param timestampTime      genTime of a valid timestamp, or null
 * @param validationTime     the time at which certificates were judged
 * @param checks             the detailed checks
 */
public record VerificationReport(Indication indication, ReasonCode reason, CertificateInfo signer,
                                 List<CertificateInfo> chain, Instant claimedSigningTime, Instant timestampTime,
                                 Instant validationTime, List<Check> checks) {

    /** Whether the signature is valid. */
    public boolean valid() {
        return indication == Indication.TOTAL_PASSED;
    }

    /** The warnings among the checks. */
    public List<Check> warnings() {
        return checks.stream().filter(c -> c.status() == Check.Status.WARNING).toList();
    }

    /** Why it is not valid, in one line: the first failed or indeterminate check ("name: detail"), else the reason. */
    public String firstProblem() {
        return checks.stream().filter(c -> c.status() == Check.Status.FAILED || c.status() == Check.Status.INDETERMINATE)
                .findFirst().map(c -> c.name() + ": " + c.detail()).orElse(String.valueOf(reason));
    }

    /** A readable multi-line rendering for the CLI. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(valid() ? "VALID" : "INVALID").append(" (").append(indication);
        if (reason != null) {
            text.append(": ").append(reason);
        }
        text.append(")\n");
        if (signer != null) {
            text.append("signer:          ").append(signer.subject()).append('\n');
            text.append("signer serial:   ").append(signer.serialHex()).append('\n');
        }
        if (claimedSigningTime != null) {
            text.append("signing time:    ").append(claimedSigningTime).append(" (claimed)\n");
        }
        if (timestampTime != null) {
            text.append("timestamp:       ").append(timestampTime).append('\n');
        }
        if (validationTime != null) {
            text.append("validated at:    ").append(validationTime).append('\n');
        }
        for (int i = 0; i < chain.size(); i++) {
            text.append(i == 0 ? "chain:           " : "                 ").append(chain.get(i).subject()).append('\n');
        }
        text.append("checks:\n");
        for (Check check : checks) {
            text.append("  ").append(String.format("%-13s", check.status())).append(check.name());
            if (check.reason() != null) {
                text.append(" [").append(check.reason()).append(']');
            }
            if (check.detail() != null && !check.detail().isEmpty()) {
                text.append(": ").append(check.detail());
            }
            text.append('\n');
        }
        return text.toString();
    }
}
