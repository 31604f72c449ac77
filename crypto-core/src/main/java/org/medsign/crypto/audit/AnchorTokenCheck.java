package org.medsign.crypto.audit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.crypto.verify.RevocationData;
import org.medsign.crypto.verify.TimestampVerifier;
import org.medsign.crypto.verify.VerificationReport;

/**
 * Checks an anchor's RFC 3161 token: its imprint is the digest of the heads text it claims, its signature verifies
 * and the TSA certificate chains to a trust anchor at the token's time. Without configured trust anchors, the
 * self-signed certificates carried in the token are used: that proves the token is intact and signed, not who
 * signed it.
 */
public final class AnchorTokenCheck {

    private final List<X509CertificateHolder> trustAnchors;
    private final Clock clock;

    /** Trusts {@code trustAnchors}; an empty list means "the root certificate carried in each token". */
    public AnchorTokenCheck(List<X509CertificateHolder> trustAnchors, Clock clock) {
        this.trustAnchors = List.copyOf(trustAnchors);
        this.clock = clock;
    }

    /** Whether trust anchors were configured (rather than taken from the tokens). */
    public boolean pinned() {
        return !trustAnchors.isEmpty();
    }

    /** Empty when the token is good, else why not. */
    public Optional<String> problem(AuditAnchor anchor) {
        TimeStampToken token;
        try {
            token = new TimeStampToken(new CMSSignedData(anchor.token()));
        } catch (Exception e) {
            return Optional.of("anchor " + anchor.id() + ": the stored token is not an RFC 3161 timestamp token");
        }
        List<X509CertificateHolder> trust = trustAnchors.isEmpty() ? selfSigned(token) : trustAnchors;
        if (trust.isEmpty()) {
            return Optional.of("anchor " + anchor.id() + ": the token carries no root certificate; give trust anchors");
        }
        VerificationReport report = new TimestampVerifier(trust, RevocationData.NONE, clock)
                .verifyToken(token, anchor.heads().getBytes(StandardCharsets.UTF_8));
        if (report.valid()) {
            return Optional.empty();
        }
        return Optional.of("anchor " + anchor.id() + ": token does not verify (" + report.firstProblem() + ")");
    }

    @SuppressWarnings("unchecked")
    private static List<X509CertificateHolder> selfSigned(TimeStampToken token) {
        List<X509CertificateHolder> roots = new ArrayList<>();
        for (X509CertificateHolder certificate : (java.util.Collection<X509CertificateHolder>) token.getCertificates()
                .getMatches(null)) {
            if (certificate.getSubject().equals(certificate.getIssuer())) {
                roots.add(certificate);
            }
        }
        return roots;
    }
}
