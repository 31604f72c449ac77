package org.medsign.hub.pki;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.crypto.ca.CertificateStatus;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Gmt0015;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.crypto.verify.CertificatePathValidator;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.KeyPurpose;
import org.medsign.crypto.verify.RevocationData;
import org.medsign.crypto.verify.TimestampVerifier;
import org.medsign.crypto.verify.VerificationReport;
import org.springframework.stereotype.Component;

/**
 * The hub's trust services for relying parties (GM/T 0029 VerifySignedMessage, VerifySignedData, ValidateCert,
 * ParseCert; GM/T 0033 timestamps): every verifier is assembled here with the hub's root as trust anchor and the hub
 * CA's current CRL as revocation data, and answers with a typed result. The edges decode their requests and map
 * these results to their protocol.
 */
@Component
public class TrustServices {

    /** A verification answer: valid, the indication and reason of the report, and the full report. */
    public record Verdict(boolean valid, String indication, String reason, VerificationReport report) {

        /** The verdict of a report. */
        public static Verdict of(VerificationReport report) {
            return new Verdict(report.valid(), report.indication().name(),
                    report.reason() == null ? null : report.reason().name(), report);
        }
    }

    /**
     * The signatures of a PDF checked, in signing order: valid when there is at least one and every one is valid;
     * {@code revisions} counts the file's {@code %%EOF} markers (the original file and each incremental update).
     */
    public record PdfVerdict(boolean valid, int revisions, List<PdfSignatureReport> signatures) {
    }

    /** A raw SM2 signature checked: valid when the signature and the signer's certificate path both are. */
    public record DataVerdict(boolean valid, boolean signatureValid, String encoding, Verdict certificate) {
    }

    /** A certificate validated: state 0 good, 1 revoked, 2 unknown (not issued here), and the path report. */
    public record CertificateValidation(int state, String status, boolean valid, VerificationReport report) {
    }

    /** A certificate's fields. */
    public record CertificateFields(String serial, String subject, String issuer, String commonName,
                                    String organizationalUnit, String title, String staffId, Instant notBefore,
                                    Instant notAfter, String signatureAlgorithm, boolean hasIdentityExtension,
                                    List<String> extensions) {
    }

    /** A timestamp issued by the embedded TSA: the token (base64) and its main fields. */
    public record IssuedTimestamp(String token, String serial, Instant genTime, String policy, String hashAlgorithm) {
    }

    private final HubPki pki;

    public TrustServices(HubPki pki) {
        this.pki = pki;
    }

    /** Verifies a CMS SignedData ({@code content} given separately when detached, else null). */
    public Verdict verifyMessage(byte[] cms, byte[] content) {
        return Verdict.of(cmsVerifier().verify(cms, content));
    }

    /**
     * Verifies every signature of a PDF (byte-range coverage, CMS, timestamp, chain to the hub's root, revocation on
     * the hub's CRL).
     *
     * @throws org.medsign.crypto.pdf.NotAPdfException      the input is not a readable PDF
     * @throws org.medsign.crypto.pdf.EncryptedPdfException the PDF is encrypted
     */
    public PdfVerdict verifyPdf(byte[] pdf) {
        List<PdfSignatureReport> reports = new PdfSignatures(cmsVerifier()).verify(pdf);
        return new PdfVerdict(!reports.isEmpty() && reports.stream().allMatch(PdfSignatureReport::valid),
                PdfSignatures.revisions(pdf), reports);
    }

    /** Verifies a raw SM2 signature (DER or r‖s) over {@code data} by the key of {@code certificate}. */
    public DataVerdict verifyData(X509CertificateHolder certificate, byte[] data, byte[] signature, SignerId id) {
        Sm2SignatureEncoding encoding = Sm2.detectEncoding(signature);
        boolean valid = Sm2.verify(Sm2.fromSubjectPublicKeyInfo(certificate.getSubjectPublicKeyInfo()), id, data,
                signature, encoding);
        VerificationReport path = validator().validate(certificate, pki.chain(), Instant.now(), KeyPurpose.SIGNING);
        return new DataVerdict(valid && path.valid(), valid, encoding.name(), Verdict.of(path));
    }

    /** Validates a certificate: chain, validity and, for one issued here, its revocation state. */
    public CertificateValidation validate(X509CertificateHolder certificate) {
        VerificationReport report = validator().validate(certificate, pki.chain(), Instant.now(), KeyPurpose.ANY);
        CertificateStatus status = pki.authority().status(certificate.getSerialNumber());
        boolean issuedHere = certificate.getIssuer().equals(pki.issuing().getSubject());
        int state = !issuedHere || status.state() == CertificateStatus.State.UNKNOWN ? 2
                : status.state() == CertificateStatus.State.GOOD ? 0 : 1;
        return new CertificateValidation(state, issuedHere ? status.state().name() : "UNKNOWN", report.valid(),
                report);
    }

    /** A certificate's fields. */
    public CertificateFields parse(X509CertificateHolder certificate) {
        List<String> extensions = new ArrayList<>();
        certificate.getExtensionOIDs().forEach(oid -> extensions.add(((ASN1ObjectIdentifier) oid).getId()));
        return new CertificateFields(SerialNumbers.hex(certificate.getSerialNumber()),
                DistinguishedNames.toText(certificate.getSubject()), DistinguishedNames.toText(certificate.getIssuer()),
                DistinguishedNames.commonName(certificate.getSubject()),
                DistinguishedNames.first(certificate.getSubject(), BCStyle.OU),
                DistinguishedNames.first(certificate.getSubject(), BCStyle.T),
                DistinguishedNames.first(certificate.getSubject(), BCStyle.SERIALNUMBER),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
                certificate.getSignatureAlgorithm().getAlgorithm().getId(), Gmt0015.identityNumber(certificate) != null,
                extensions);
    }

    /** An RFC 3161 timestamp from the embedded TSA over {@code imprint}, a hash under {@code algorithm}. */
    public IssuedTimestamp timestamp(AlgorithmIdentifier algorithm, byte[] imprint) {
        TimeStampToken token = pki.embeddedTsa().timestamp(algorithm, imprint);
        String encoded;
        try {
            encoded = Base64.getEncoder().encodeToString(token.getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new IssuedTimestamp(encoded, token.getTimeStampInfo().getSerialNumber().toString(),
                token.getTimeStampInfo().getGenTime().toInstant(), token.getTimeStampInfo().getPolicy().getId(),
                Digests.name(algorithm.getAlgorithm()));
    }

    /** Verifies a timestamp token (or response) against the data it stamps. */
    public Verdict verifyTimestamp(byte[] token, byte[] data) {
        return Verdict.of(new TimestampVerifier(List.of(pki.root()), crl(), Clock.systemUTC())
                .verifyResponse(token, data));
    }

    private CmsSignatureVerifier cmsVerifier() {
        return CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).extraCertificates(pki.chain())
                .revocation(crl()).build();
    }

    private CertificatePathValidator validator() {
        return new CertificatePathValidator(List.of(pki.root()), crl(), false, Clock.systemUTC());
    }

    private RevocationData crl() {
        return RevocationData.ofCrls(List.of(pki.currentCrl()));
    }
}
