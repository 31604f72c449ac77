package org.medsign.crypto.verify;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.crypto.UnsupportedAlgorithmException;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.operator.Sm2ContentVerifierProvider;

/**
 * Verifies RFC 3161 tokens: imprint against the data (or a given hash), the token signature and its ESSCertID
 * binding, and the TSA certificate's path to a trust anchor at the token's time.
 */
public final class TimestampVerifier {

    private final List<X509CertificateHolder> trustAnchors;
    private final RevocationData revocation;
    private final Clock clock;

    public TimestampVerifier(List<X509CertificateHolder> trustAnchors, RevocationData revocation, Clock clock) {
        this.trustAnchors = List.copyOf(trustAnchors);
        this.revocation = revocation;
        this.clock = clock;
    }

    /** Verifies a DER TimeStampResp (as written by {@code openssl ts -reply}) against the data it should cover. */
    public VerificationReport verifyResponse(byte[] responseDer, byte[] data) {
        ReportBuilder report = new ReportBuilder();
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(responseDer);
        } catch (TSPException | IOException | RuntimeException e) {
            TimeStampToken token = parseToken(responseDer);
            if (token == null) {
                report.add(Check.failed("format", ReasonCode.MALFORMED_INPUT, "neither a TimeStampResp nor a token"));
                return report.build();
            }
            return verifyToken(token, data);
        }
        if (response.getTimeStampToken() == null) {
            report.add(Check.failed("status", ReasonCode.TIMESTAMP_REJECTED, "TSA status " + response.getStatus()
                    + (response.getStatusString() != null ? " (" + response.getStatusString() + ")" : "")));
            return report.build();
        }
        return verifyToken(response.getTimeStampToken(), data);
    }

    /** Verifies a token over {@code data}. */
    public VerificationReport verifyToken(TimeStampToken token, byte[] data) {
        ReportBuilder report = new ReportBuilder();
        AlgorithmIdentifier algorithm = token.getTimeStampInfo().getHashAlgorithm();
        byte[] expected;
        try {
            expected = Digests.digest(algorithm, data);
        } catch (UnsupportedAlgorithmException e) {
            report.add(Check.failed("imprint", ReasonCode.UNSUPPORTED_ALGORITHM, e.getMessage()));
            return report.build();
        }
        verifyInto(token, expected, "", report);
        return report.build();
    }

    /** Verifies a token whose imprint should be {@code imprint} (a hash computed elsewhere, e.g. a hash-tree root). */
    public VerificationReport verifyTokenOverImprint(TimeStampToken token, byte[] imprint) {
        ReportBuilder report = new ReportBuilder();
        verifyInto(token, imprint, "", report);
        return report.build();
    }

    /** Checks a token whose imprint should equal {@code expectedImprint}; check names get {@code prefix}. */
    void verifyInto(TimeStampToken token, byte[] expectedImprint, String prefix, ReportBuilder report) {
        var info = token.getTimeStampInfo();
        if (!Arrays.equals(info.getMessageImprintDigest(), expectedImprint)) {
            report.add(Check.failed(prefix + "imprint", ReasonCode.TIMESTAMP_IMPRINT_MISMATCH,
                    "the timestamp covers other data"));
            return;
        }
        report.add(Check.passed(prefix + "imprint", Digests.name(info.getHashAlgorithm().getAlgorithm())
                + " imprint matches"));
        X509CertificateHolder tsaCertificate = findTsaCertificate(token);
        if (tsaCertificate == null) {
            report.add(Check.indeterminate(prefix + "token-signature", ReasonCode.SIGNER_CERTIFICATE_NOT_FOUND,
                    "the token carries no TSA certificate (requested without certReq?)"));
            return;
        }
        Sm2ContentVerifierProvider provider;
        try {
            provider = Sm2ContentVerifierProvider.of(tsaCertificate);
        } catch (RuntimeException e) {
            report.add(Check.failed(prefix + "token-signature", ReasonCode.UNSUPPORTED_ALGORITHM,
                    "TSA key is not SM2"));
            return;
        }
        try {
            token.validate(Sm2SignerInformationVerifiers.of(provider));
            report.add(Check.passed(prefix + "token-signature", "signed by " + CertificateInfo.of(tsaCertificate).subject()));
            if (provider.matchedSignerId() != null && !provider.matchedSignerId().isDefault()) {
                report.add(Check.warning(prefix + "token-signature", ReasonCode.NON_STANDARD_SIGNER_ID,
                        "token signed with a non-standard SM2 ID"));
            }
        } catch (TSPValidationException e) {
            boolean certificateProblem = e.getMessage() != null && e.getMessage().contains("certificate");
            report.add(Check.failed(prefix + "token-signature", certificateProblem
                    ? ReasonCode.TIMESTAMP_CERTIFICATE_INVALID : ReasonCode.TIMESTAMP_SIGNATURE_INVALID, e.getMessage()));
            return;
        } catch (TSPException | RuntimeException e) {
            report.add(Check.failed(prefix + "token-signature", ReasonCode.TIMESTAMP_SIGNATURE_INVALID,
                    String.valueOf(e.getMessage())));
            return;
        }
        ReportBuilder pathReport = new ReportBuilder();
        new CertificatePathValidator(trustAnchors, revocation, false, clock).validate(tsaCertificate,
                tokenCertificates(token), info.getGenTime().toInstant(), KeyPurpose.TIME_STAMPING, prefix + "tsa-",
                pathReport);
        VerificationReport path = pathReport.build();
        for (Check check : path.checks()) {
            boolean bad = check.status() == Check.Status.FAILED || check.status() == Check.Status.INDETERMINATE;
            report.add(bad ? Check.failed(check.name(), ReasonCode.TIMESTAMP_CERTIFICATE_INVALID,
                    check.reason() + ": " + check.detail()) : check);
        }
        if (!path.valid()) {
            return;
        }
        if (report.timestampTime == null) {
            report.timestampTime = info.getGenTime().toInstant();
        }
        if (prefix.isEmpty()) {
            report.signer = CertificateInfo.of(tsaCertificate);
            report.validationTime = info.getGenTime().toInstant();
        }
    }

    private static X509CertificateHolder findTsaCertificate(TimeStampToken token) {
        SignerId sid = token.getSID();
        for (X509CertificateHolder certificate : tokenCertificates(token)) {
            if (sid.match(certificate)) {
                return certificate;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Collection<X509CertificateHolder> tokenCertificates(TimeStampToken token) {
        return new ArrayList<>(token.getCertificates().getMatches(null));
    }

    private static TimeStampToken parseToken(byte[] der) {
        try {
            return new TimeStampToken(new org.bouncycastle.cms.CMSSignedData(der));
        } catch (Exception e) {
            return null;
        }
    }

}
