package org.medsign.crypto.pdf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.medsign.crypto.verify.CertificateInfo;
import org.medsign.crypto.verify.Check;
import org.medsign.crypto.verify.VerificationReport;

/**
 * One signature of a PDF as {@link PdfSignatures} found it.
 *
 * @param fieldName          fully qualified name of the signature field
 * @param subFilter          {@code /SubFilter}, e.g. {@code adbe.pkcs7.detached}
 * @param signer             the signer certificate from the CMS (subject, serial), or null when not found
 * @param byteRange          {@code /ByteRange}, or null when missing or malformed
 * @param coversRevision     whether the byte range starts at 0, its gap is exactly the {@code /Contents} hex string
 *                           (brackets included, decoding to the CMS), and it ends at the end of a revision
 * @param revision           1-based index of the revision whose end the byte range reaches (revision 1 is the
 *                           original file, counted by {@code %%EOF} markers), 0 when it ends elsewhere
 * @param revisionEnd        offset of the end of that revision (= {@code byteRange.end()}), -1 when none
 * @param laterRevisions     number of revisions appended after it (other signatures, form changes, ...)
 * @param modifiedAfter      whether the file has bytes after the signed revision
 * @param signatureIntact    whether the CMS signature value and message digest verify over the byte ranges
 * @param pdfSigningTime     {@code /M} of the signature dictionary (claimed, unsigned), or null
 * @param claimedSigningTime the CMS signing-time attribute (signed, claimed), or null
 * @param timestampPresent   whether the CMS carries a signature timestamp
 * @param timestampTime      genTime of the timestamp when it verifies, else null
 * @param docMdpPermission   the DocMDP P value when this is a certification signature, else null
 * @param cms                the full CMS verification report (chain, revocation, timestamp checks)
 */
public record PdfSignatureReport(String fieldName, String subFilter, CertificateInfo signer, PdfByteRange byteRange,
                                 boolean coversRevision, int revision, long revisionEnd, int laterRevisions,
                                 boolean modifiedAfter, boolean signatureIntact, Instant pdfSigningTime,
                                 Instant claimedSigningTime, boolean timestampPresent, Instant timestampTime,
                                 Integer docMdpPermission, VerificationReport cms) {

    /** Valid: covers its revision completely and the CMS verifies in full (signature, timestamp, chain). */
    public boolean valid() {
        return coversRevision && cms.valid();
    }

    /**
     * Something that makes a signature invalid.
     *
     * @param code    {@code BYTE_RANGE_MISSING}, {@code BYTE_RANGE_INCOMPLETE}, or the {@link
     *                org.medsign.crypto.verify.ReasonCode} of a failed or indeterminate CMS check
     * @param message what is wrong, in English, without document content
     */
    public record Problem(String code, String message) {
    }

    /** Check names of the signer's own certification path ({@code CertificatePathValidator} without prefix). */
    private static boolean pathCheck(Check check) {
        String name = check.name();
        return name.equals("chain") || name.startsWith("validity:") || name.startsWith("ca:")
                || name.equals("key-usage");
    }

    private static boolean failed(Check check) {
        return check.status() == Check.Status.FAILED || check.status() == Check.Status.INDETERMINATE;
    }

    /**
     * Whether the signer's certificate chains to a trust anchor and every certificate on the path was valid (at the
     * timestamp's time, else now) with the right key usage; revocation is judged apart ({@link #revocation()}).
     */
    public boolean chainValid() {
        boolean chained = cms.checks().stream().anyMatch(c -> c.name().equals("chain")
                && (c.status() == Check.Status.PASSED || c.status() == Check.Status.WARNING));
        return chained && cms.checks().stream().noneMatch(c -> pathCheck(c) && failed(c));
    }

    /** The revocation check of the signer's certificate, or null when none was made (no signer, no path). */
    public Check revocation() {
        if (signer == null) {
            return null;
        }
        return cms.checks().stream().filter(c -> c.name().equals("revocation:" + signer.serialHex())).findFirst()
                .orElse(null);
    }

    /**
     * Why the signature is not {@link #valid()}: byte-range problems first, then every failed or indeterminate CMS
     * check; empty exactly when it is valid.
     */
    public List<Problem> problems() {
        List<Problem> problems = new ArrayList<>();
        if (byteRange == null) {
            problems.add(new Problem("BYTE_RANGE_MISSING", "no /ByteRange of four numbers"));
        } else if (!coversRevision) {
            String why = byteRange.offset1() != 0 ? "it does not start at offset 0"
                    : revision == 0 ? "it does not end at the end of a revision (%%EOF) inside the file"
                    : "the gap between its two ranges is not exactly the /Contents hex string";
            problems.add(new Problem("BYTE_RANGE_INCOMPLETE", "the byte range " + byteRange
                    + " does not cover its whole revision except the signature: " + why));
        }
        for (Check check : cms.checks()) {
            if (failed(check)) {
                problems.add(new Problem(check.reason() == null ? "CMS_INVALID" : check.reason().name(),
                        check.name() + (check.detail() == null || check.detail().isEmpty() ? ""
                                : ": " + check.detail())));
            }
        }
        if (!cms.valid() && problems.stream().noneMatch(p -> !p.code().startsWith("BYTE_RANGE"))) {
            problems.add(new Problem(cms.reason() == null ? "CMS_INVALID" : cms.reason().name(), cms.firstProblem()));
        }
        return List.copyOf(problems);
    }

    /** Whether the timestamp is present and verifies. */
    public boolean timestampValid() {
        return timestampPresent && timestampTime != null
                && cms.checks().stream().noneMatch(c -> c.name().startsWith("timestamp")
                        && (c.status() == Check.Status.FAILED || c.status() == Check.Status.INDETERMINATE));
    }
}
