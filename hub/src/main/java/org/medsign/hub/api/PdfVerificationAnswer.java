package org.medsign.hub.api;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import org.medsign.crypto.pdf.PdfByteRange;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.verify.CertificateInfo;
import org.medsign.crypto.verify.Check;
import org.medsign.crypto.verify.VerificationReport;
import org.medsign.hub.pki.TrustServices;
import org.medsign.hub.seal.Seal;

/**
 * The answer of {@code POST /api/v1/verify/pdf}: every signature of the PDF in signing order with its coverage,
 * revision, signer, seal, timestamp, chain and revocation, and whether all of them are valid.
 *
 * @param valid      at least one signature, and every signature valid
 * @param revisions  revisions of the file ({@code %%EOF} markers)
 * @param signatures one entry per signed signature field, in signing order
 */
public record PdfVerificationAnswer(boolean valid, int revisions, List<Signature> signatures) {

    /** Who signed: the signer certificate found in the CMS. */
    public record Signer(String subject, String issuer, String serial, Instant notBefore, Instant notAfter) {

        static Signer of(CertificateInfo info) {
            return info == null ? null : new Signer(info.subject(), info.issuer(), info.serialHex(), info.notBefore(),
                    info.notAfter());
        }
    }

    /** A seal of the registry whose certificate is the signer's (the registry cannot tell which one was placed). */
    public record SealName(String id, String name, String kind, String specialType) {
    }

    /** The signature timestamp: present in the CMS, its genTime when it verifies, and whether it does. */
    public record Timestamp(boolean present, Instant time, boolean valid) {
    }

    /**
     * The revocation check of the signer's certificate on the hub's CRL: {@code status} is the check's status
     * ({@code PASSED} not on the CRL; {@code WARNING} revoked after the proven signing time; {@code FAILED} revoked or
     * on hold before it), or {@code NOT_CHECKED} when no path was found to check.
     */
    public record Revocation(String status, String reason, String detail) {

        static Revocation of(Check check) {
            return check == null ? new Revocation("NOT_CHECKED", null, null)
                    : new Revocation(check.status().name(), check.reason() == null ? null : check.reason().name(),
                    check.detail());
        }
    }

    /** One problem: a stable code and an English message. */
    public record Problem(String code, String message) {
    }

    /**
     * One signature (fields as {@link PdfSignatureReport}); {@code report} is the full CMS verification report, as
     * {@code /verify/message} answers it.
     */
    public record Signature(String fieldName, String subFilter, Signer signer, List<SealName> seals,
                            List<Long> byteRange, boolean coversRevision, int revision, long revisionEnd,
                            int laterRevisions, boolean modifiedAfter, boolean signatureIntact,
                            Instant claimedSigningTime, Instant pdfSigningTime, Timestamp timestamp,
                            Integer docMdpPermission, boolean chainValid, Revocation revocation, boolean valid,
                            String indication, String reason, List<Problem> problems, List<Problem> warnings,
                            VerificationReport report) {
    }

    /** The answer for a verdict; {@code seals} is the registry, searched for the signers' certificates. */
    static PdfVerificationAnswer of(TrustServices.PdfVerdict verdict, List<Seal> seals) {
        return new PdfVerificationAnswer(verdict.valid(), verdict.revisions(),
                verdict.signatures().stream().map(r -> signature(r, seals)).toList());
    }

    private static Signature signature(PdfSignatureReport report, List<Seal> seals) {
        PdfByteRange range = report.byteRange();
        VerificationReport cms = report.cms();
        return new Signature(report.fieldName(), report.subFilter(), Signer.of(report.signer()),
                sealsOf(report.signer(), seals),
                range == null ? null : List.of(range.offset1(), range.length1(), range.offset2(), range.length2()),
                report.coversRevision(), report.revision(), report.revisionEnd(), report.laterRevisions(),
                report.modifiedAfter(), report.signatureIntact(), report.claimedSigningTime(),
                report.pdfSigningTime(), new Timestamp(report.timestampPresent(), report.timestampTime(),
                report.timestampValid()), report.docMdpPermission(), report.chainValid(),
                Revocation.of(report.revocation()), report.valid(), cms.indication().name(),
                cms.reason() == null ? null : cms.reason().name(),
                report.problems().stream().map(p -> new Problem(p.code(), p.message())).toList(),
                cms.warnings().stream().map(c -> new Problem(c.reason() == null ? "WARNING" : c.reason().name(),
                        c.name() + (c.detail() == null ? "" : ": " + c.detail()))).toList(),
                cms);
    }

    private static List<SealName> sealsOf(CertificateInfo signer, List<Seal> seals) {
        if (signer == null) {
            return List.of();
        }
        BigInteger serial = serial(signer.serialHex());
        return seals.stream().filter(s -> serial != null && serial.equals(serial(s.certificateSerial())))
                .map(s -> new SealName(s.id(), s.name(), s.kind().name(), s.specialType())).toList();
    }

    private static BigInteger serial(String hex) {
        try {
            return hex == null ? null : new BigInteger(hex, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
