package org.medsign.crypto.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects checks and derives the indication: the first FAILED decides, else the first INDETERMINATE. */
final class ReportBuilder {

    private final List<Check> checks = new ArrayList<>();
    CertificateInfo signer;
    List<CertificateInfo> chain = List.of();
    Instant claimedSigningTime;
    Instant timestampTime;
    Instant validationTime;

    ReportBuilder add(Check check) {
        checks.add(check);
        return this;
    }

    boolean hasProblem() {
        return checks.stream().anyMatch(c -> c.status() == Check.Status.FAILED
                || c.status() == Check.Status.INDETERMINATE);
    }

    VerificationReport build() {
        Indication indication = Indication.TOTAL_PASSED;
        ReasonCode reason = null;
        for (Check check : checks) {
            if (check.status() == Check.Status.FAILED) {
                indication = Indication.TOTAL_FAILED;
                reason = check.reason();
                break;
            }
        }
        if (indication == Indication.TOTAL_PASSED) {
            for (Check check : checks) {
                if (check.status() == Check.Status.INDETERMINATE) {
                    indication = Indication.INDETERMINATE;
                    reason = check.reason();
                    break;
                }
            }
        }
        return new VerificationReport(indication, reason, signer, chain, claimedSigningTime, timestampTime,
                validationTime, List.copyOf(checks));
    }
}
