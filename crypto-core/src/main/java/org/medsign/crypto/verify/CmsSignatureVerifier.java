package org.medsign.crypto.verify;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.cms.ParsedSignedData;
import org.medsign.crypto.cms.SignatureTimestamps;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.operator.Sm2ContentVerifierProvider;
import org.medsign.crypto.sm.Sm3;

/**
 * Verifies CMS SignedData made with SM2/SM3, in either flavour, and reports every check: format, signer
 * certificate, signature value and message digest, signature timestamp, certification path to a trust anchor at the
 * proven time (the timestamp's, else now), and revocation (CRLs given, CRLs inside the SignedData, OCSP responses).
 * Never throws for bad input; the report says what is wrong.
 */
public final class CmsSignatureVerifier {

    private final List<X509CertificateHolder> trustAnchors;
    private final List<X509CertificateHolder> extraCertificates;
    private final RevocationData revocation;
    private final boolean revocationRequired;
    private final Clock clock;

    private CmsSignatureVerifier(Builder builder) {
        this.trustAnchors = List.copyOf(builder.trustAnchors);
        this.extraCertificates = List.copyOf(builder.extraCertificates);
        this.revocation = builder.revocation;
        this.revocationRequired = builder.revocationRequired;
        this.clock = builder.clock;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Verifies {@code cms} (DER or PEM); {@code detachedContent} is required for detached signatures. */
    public VerificationReport verify(byte[] cms, byte[] detachedContent) {
        ReportBuilder report = new ReportBuilder();
        try {
            return verify(cms, detachedContent, report);
        } catch (RuntimeException e) {
            // a structure BouncyCastle parsed lazily turned out malformed deep inside
            report.add(Check.failed("format", ReasonCode.MALFORMED_INPUT, "malformed structure: "
                    + e.getClass().getSimpleName()));
            return report.build();
        }
    }

    private VerificationReport verify(byte[] cms, byte[] detachedContent, ReportBuilder report) {
        ParsedSignedData parsed;
        try {
            parsed = ParsedSignedData.parse(cms, detachedContent);
        } catch (MalformedInputException e) {
            report.add(Check.failed("format", ReasonCode.MALFORMED_INPUT, e.getMessage()));
            return report.build();
        }
        report.add(Check.passed("format", "SignedData, " + parsed.flavour() + " OIDs, "
                + (parsed.isDetached() ? "detached" : "attached")));
        if (!parsed.hasContent()) {
            report.add(Check.indeterminate("content", ReasonCode.CONTENT_MISSING,
                    "detached signature: the signed content must be supplied"));
            return report.build();
        }
        CMSSignedData signedData = parsed.signedData();
        if (!parsed.isDetached() && detachedContent != null) {
            byte[] attached = (byte[]) signedData.getSignedContent().getContent();
            if (!Arrays.equals(attached, detachedContent)) {
                report.add(Check.failed("content", ReasonCode.DIGEST_MISMATCH,
                        "the content supplied differs from the content inside the SignedData"));
                return report.build();
            }
        }
        Collection<SignerInformation> signers = signedData.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            report.add(Check.failed("signer", ReasonCode.NO_SIGNER, "no SignerInfo"));
            return report.build();
        }
        List<X509CertificateHolder> certificates = certificatesOf(signedData);
        RevocationData allRevocation = revocation.withCrls(crlsOf(signedData));
        for (SignerInformation signer : signers) {
            verifySigner(signer, certificates, allRevocation, report, signers.size() > 1);
        }
        return report.build();
    }

    private void verifySigner(SignerInformation signer, List<X509CertificateHolder> certificates,
                              RevocationData allRevocation, ReportBuilder report, boolean several) {
        if (!Sm3.OID.getId().equals(signer.getDigestAlgOID())
                || !Sm2SignerInformationVerifiers.isSm2(signer.getEncryptionAlgOID())) {
            report.add(Check.failed("algorithm", ReasonCode.UNSUPPORTED_ALGORITHM, "digest " + signer.getDigestAlgOID()
                    + ", signature " + signer.getEncryptionAlgOID() + " (expected SM3 with SM2)"));
            return;
        }
        X509CertificateHolder certificate = certificates.stream().filter(c -> signer.getSID().match(c)).findFirst()
                .orElse(null);
        if (certificate == null) {
            report.add(Check.indeterminate("signer-certificate", ReasonCode.SIGNER_CERTIFICATE_NOT_FOUND,
                    "the signer's certificate is neither in the SignedData nor supplied"));
            return;
        }
        if (report.signer == null || several) {
            report.signer = CertificateInfo.of(certificate);
        }
        report.claimedSigningTime = signingTimeOf(signer);
        Sm2ContentVerifierProvider provider;
        try {
            provider = Sm2ContentVerifierProvider.keyOf(certificate);
        } catch (RuntimeException e) {
            report.add(Check.failed("signature", ReasonCode.UNSUPPORTED_ALGORITHM, "signer key is not SM2"));
            return;
        }
        try {
            if (!signer.verify(Sm2SignerInformationVerifiers.of(provider))) {
                report.add(Check.failed("signature", ReasonCode.SIGNATURE_INVALID,
                        "the signature value does not verify under the signer's key"));
                return;
            }
        } catch (CMSSignerDigestMismatchException e) {
            report.add(Check.failed("signature", ReasonCode.DIGEST_MISMATCH,
                    "the content does not match the signed message digest"));
            return;
        } catch (Exception e) {
            report.add(Check.failed("signature", ReasonCode.SIGNATURE_INVALID, "verification failed: "
                    + e.getMessage()));
            return;
        }
        report.add(Check.passed("signature", "SM3withSM2 signature and message digest verify"));
        if (provider.matchedSignerId() != null && !provider.matchedSignerId().isDefault()) {
            report.add(Check.warning("signature", ReasonCode.NON_STANDARD_SIGNER_ID,
                    "signed with the SM2 ID '" + provider.matchedSignerId() + "' instead of 1234567812345678"));
        }

        Instant validationTime = clock.instant();
        TimeStampToken token;
        try {
            token = SignatureTimestamps.of(signer);
        } catch (MalformedInputException e) {
            report.add(Check.failed("timestamp", ReasonCode.TIMESTAMP_MALFORMED, e.getMessage()));
            return;
        }
        if (token != null) {
            ReportBuilder tsReport = new ReportBuilder();
            new TimestampVerifier(trustAnchors, allRevocation, clock).verifyInto(token,
                    expectedImprint(token, signer.getSignature(), tsReport), "timestamp-", tsReport);
            VerificationReport ts = tsReport.build();
            ts.checks().forEach(report::add);
            if (ts.valid() && tsReport.timestampTime != null) {
                report.timestampTime = tsReport.timestampTime;
                validationTime = tsReport.timestampTime;
            }
        }
        report.validationTime = validationTime;
        List<X509CertificateHolder> intermediates = new ArrayList<>(certificates);
        intermediates.addAll(extraCertificates);
        new CertificatePathValidator(trustAnchors, allRevocation, revocationRequired, clock)
                .validate(certificate, intermediates, validationTime, KeyPurpose.SIGNING, "", report);
    }

    private static byte[] expectedImprint(TimeStampToken token, byte[] signature, ReportBuilder report) {
        try {
            return Digests.digest(token.getTimeStampInfo().getHashAlgorithm(), signature);
        } catch (RuntimeException e) {
            report.add(Check.failed("timestamp-imprint", ReasonCode.UNSUPPORTED_ALGORITHM, e.getMessage()));
            return new byte[0];
        }
    }

    private static Instant signingTimeOf(SignerInformation signer) {
        if (signer.getSignedAttributes() == null) {
            return null;
        }
        Attribute attribute = signer.getSignedAttributes().get(CMSAttributes.signingTime);
        if (attribute == null || attribute.getAttrValues().size() == 0) {
            return null;
        }
        try {
            return Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<X509CertificateHolder> certificatesOf(CMSSignedData signedData) {
        return new ArrayList<>(signedData.getCertificates().getMatches(null));
    }

    @SuppressWarnings("unchecked")
    private static List<X509CRLHolder> crlsOf(CMSSignedData signedData) {
        return new ArrayList<>(signedData.getCRLs().getMatches(null));
    }

    /** Builder; setters return this. */
    public static final class Builder {
        private final List<X509CertificateHolder> trustAnchors = new ArrayList<>();
        private final List<X509CertificateHolder> extraCertificates = new ArrayList<>();
        private RevocationData revocation = RevocationData.NONE;
        private boolean revocationRequired;
        private Clock clock = Clock.systemUTC();

        /** Trusted roots (or any certificate the caller decides to trust). */
        public Builder trustAnchors(List<X509CertificateHolder> anchors) {
            this.trustAnchors.addAll(anchors);
            return this;
        }

        /** Intermediate certificates to use besides those inside the SignedData. */
        public Builder extraCertificates(List<X509CertificateHolder> certificates) {
            this.extraCertificates.addAll(certificates);
            return this;
        }

        public Builder revocation(RevocationData revocation) {
            this.revocation = Objects.requireNonNull(revocation);
            return this;
        }

        /** Whether missing revocation data for the signer makes the result INDETERMINATE (default: warning). */
        public Builder revocationRequired(boolean required) {
            this.revocationRequired = required;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public CmsSignatureVerifier build() {
            if (trustAnchors.isEmpty()) {
                throw new IllegalStateException("at least one trust anchor is required");
            }
            return new CmsSignatureVerifier(this);
        }
    }
}
