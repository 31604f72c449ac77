package org.medsign.crypto.pdf;

import java.time.Instant;

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

    /** Whether the timestamp is present and verifies. */
    public boolean timestampValid() {
        return timestampPresent && timestampTime != null
                && cms.checks().stream().noneMatch(c -> c.name().startsWith("timestamp")
                        && (c.status() == Check.Status.FAILED || c.status() == Check.Status.INDETERMINATE));
    }
}
