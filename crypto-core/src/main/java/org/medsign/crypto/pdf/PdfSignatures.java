package org.medsign.crypto.pdf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.cms.SignerInformation;
import org.medsign.crypto.MedsignCryptoException;
import org.medsign.crypto.cms.ParsedSignedData;
import org.medsign.crypto.cms.SignatureTimestamps;
import org.medsign.crypto.verify.Check;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.VerificationReport;

/**
 * Lists and verifies every signature of a PDF: byte-range coverage of its revision, later revisions, and the
 * detached CMS over the byte ranges with {@link CmsSignatureVerifier} (signature, signer, timestamp, chain,
 * revocation). Results come in signing order (by the end of the byte range). Never throws for a bad signature —
 * the report says what is wrong; throws only when the file itself cannot be read as an unencrypted PDF.
 *
 * <p>A byte range is judged against the bytes given: a signature is {@link PdfSignatureReport#valid() valid} only
 * if changing any byte it covers would have been detected, and the bytes it does not cover are exactly its own
 * {@code /Contents} and the revisions appended later (which the report counts, but whose content it does not judge).
 */
public final class PdfSignatures {

    private static final byte[] EOF_MARKER = "%%EOF".getBytes(StandardCharsets.US_ASCII);

    private final CmsSignatureVerifier verifier;

    /** Verifies CMS with {@code verifier} (its trust anchors, revocation data and clock). */
    public PdfSignatures(CmsSignatureVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier);
    }

    /**
     * Every signature of {@code pdf} (unsigned signature fields are left out), in signing order.
     *
     * @throws NotAPdfException      the input is not a readable PDF
     * @throws EncryptedPdfException the input is encrypted
     */
    public List<PdfSignatureReport> verify(byte[] pdf) {
        PDDocument document = PdfDocuments.load(pdf);
        try {
            List<Long> eofs = eofMarkers(pdf);
            List<PdfSignatureReport> reports = new ArrayList<>();
            for (PDSignatureField field : document.getSignatureFields()) {
                PDSignature signature = field.getSignature();
                if (signature != null) {
                    reports.add(verify(pdf, eofs, field.getFullyQualifiedName(), signature));
                }
            }
            reports.sort(Comparator.comparingLong(r -> r.byteRange() == null ? Long.MAX_VALUE : r.byteRange().end()));
            return List.copyOf(reports);
        } finally {
            PdfDocuments.close(document);
        }
    }

    /**
     * The CMS and signed bytes of every signature of {@code pdf}, in signing order, without verifying anything.
     *
     * @throws NotAPdfException      the input is not a readable PDF
     * @throws EncryptedPdfException the input is encrypted
     */
    public static List<PdfSignatureContent> contents(byte[] pdf) {
        PDDocument document = PdfDocuments.load(pdf);
        try {
            List<PdfSignatureContent> contents = new ArrayList<>();
            for (PDSignatureField field : document.getSignatureFields()) {
                PDSignature signature = field.getSignature();
                if (signature != null) {
                    contents.add(contentOf(pdf, field.getFullyQualifiedName(), signature));
                }
            }
            contents.sort(Comparator.comparingLong(c -> c.byteRange() == null ? Long.MAX_VALUE : c.byteRange().end()));
            return List.copyOf(contents);
        } finally {
            PdfDocuments.close(document);
        }
    }

    /**
     * The number of revisions of {@code pdf}, counted as {@link PdfSignatureReport#revision()} counts them: by its
     * {@code %%EOF} markers (the original file is revision 1, each incremental update adds one). Reads no structure.
     */
    public static int revisions(byte[] pdf) {
        return eofMarkers(pdf).size();
    }

    private static PdfSignatureContent contentOf(byte[] pdf, String fieldName, PDSignature signature) {
        PdfByteRange range = PdfByteRange.of(signature.getByteRange());
        byte[] signedBytes = null;
        if (inFile(range, pdf.length)) {
            signedBytes = new byte[(int) (range.length1() + range.length2())];
            System.arraycopy(pdf, (int) range.offset1(), signedBytes, 0, (int) range.length1());
            System.arraycopy(pdf, (int) range.offset2(), signedBytes, (int) range.length1(), (int) range.length2());
        }
        return new PdfSignatureContent(fieldName, range, trimDer(signature.getContents()), signedBytes);
    }

    private static boolean inFile(PdfByteRange range, long fileLength) {
        return range != null && range.offset1() >= 0 && range.length1() >= 0
                && range.offset2() >= range.offset1() + range.length1() && range.length2() >= 0
                && range.end() <= fileLength;
    }

    private PdfSignatureReport verify(byte[] pdf, List<Long> eofs, String fieldName, PDSignature signature) {
        PdfSignatureContent content = contentOf(pdf, fieldName, signature);
        PdfByteRange range = content.byteRange();
        byte[] cms = content.cms();
        byte[] signedBytes = content.signedBytes();
        boolean inFile = signedBytes != null;
        boolean coversRevision = false;
        int revision = 0;
        long revisionEnd = -1;
        int later = 0;
        if (inFile) {
            long end = range.end();
            boolean atRevisionEnd = endsWithEofMarker(pdf, (int) end);
            if (atRevisionEnd) {
                revision = (int) eofs.stream().filter(offset -> offset < end).count();
                revisionEnd = end;
            }
            later = (int) eofs.stream().filter(offset -> offset >= end).count();
            coversRevision = range.offset1() == 0 && atRevisionEnd
                    && holeIsContents(pdf, (int) (range.offset1() + range.length1()), (int) range.offset2(),
                    signature.getContents());
        }
        VerificationReport report = signedBytes == null
                ? verifier.verify(cms, new byte[0]) // still reports format and signer; the digest cannot match
                : verifier.verify(cms, signedBytes);
        boolean intact = signedBytes != null && report.checks().stream()
                .anyMatch(c -> c.name().equals("signature") && c.status() == Check.Status.PASSED);
        return new PdfSignatureReport(fieldName, signature.getSubFilter(), report.signer(), range, coversRevision,
                revision, revisionEnd, later, inFile && range.end() < pdf.length, intact, instantOf(signature),
                report.claimedSigningTime(), hasTimestamp(cms), report.timestampTime(), docMdpPermission(signature),
                report);
    }

    /** The gap must be {@code <hex>} exactly, decoding to the {@code /Contents} the parser read. */
    private static boolean holeIsContents(byte[] pdf, int from, int to, byte[] contents) {
        if (to - from < 2 || pdf[from] != '<' || pdf[to - 1] != '>' || (to - from - 2) % 2 != 0) {
            return false;
        }
        String hex = new String(pdf, from + 1, to - from - 2, StandardCharsets.US_ASCII);
        try {
            return Arrays.equals(HexFormat.of().parseHex(hex), contents);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the bytes before {@code end}, trailing end-of-line characters aside, end with {@code %%EOF}. */
    private static boolean endsWithEofMarker(byte[] pdf, int end) {
        int i = end;
        int eol = 0;
        while (i > 0 && eol < 2 && (pdf[i - 1] == '\n' || pdf[i - 1] == '\r')) {
            i--;
            eol++;
        }
        return i >= EOF_MARKER.length
                && PdfDocuments.indexOf(pdf, EOF_MARKER, i - EOF_MARKER.length, i) == i - EOF_MARKER.length;
    }

    /** Offsets of every {@code %%EOF} marker: one per revision in files written by incremental updates. */
    private static List<Long> eofMarkers(byte[] pdf) {
        List<Long> offsets = new ArrayList<>();
        int at = PdfDocuments.indexOf(pdf, EOF_MARKER, 0, pdf.length);
        while (at >= 0) {
            offsets.add((long) at);
            at = PdfDocuments.indexOf(pdf, EOF_MARKER, at + EOF_MARKER.length, pdf.length);
        }
        return offsets;
    }

    /** The DER object at the start of {@code contents}, without the zero padding of the reserved space. */
    static byte[] trimDer(byte[] contents) {
        if (contents == null || contents.length < 2) {
            return contents == null ? new byte[0] : contents;
        }
        int lengthByte = contents[1] & 0xff;
        long length;
        int header;
        if (lengthByte < 0x80) {
            length = lengthByte;
            header = 2;
        } else {
            int count = lengthByte & 0x7f;
            if (count == 0 || count > 4 || contents.length < 2 + count) {
                return contents; // indefinite or absurd length: let the CMS parser judge
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (contents[2 + i] & 0xff);
            }
            header = 2 + count;
        }
        long total = header + length;
        return total <= contents.length ? Arrays.copyOf(contents, (int) total) : contents;
    }

    private static boolean hasTimestamp(byte[] cms) {
        try {
            for (SignerInformation signer : ParsedSignedData.parse(cms, null).signedData().getSignerInfos()
                    .getSigners()) {
                if (SignatureTimestamps.of(signer) != null) {
                    return true;
                }
            }
            return false;
        } catch (MedsignCryptoException | IllegalArgumentException | IllegalStateException e) {
            return false;
        }
    }

    private static Instant instantOf(PDSignature signature) {
        try {
            Calendar date = signature.getSignDate();
            return date == null ? null : date.toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Integer docMdpPermission(PDSignature signature) {
        COSArray references = signature.getCOSObject().getCOSArray(COSName.getPDFName("Reference"));
        if (references == null) {
            return null;
        }
        for (COSBase item : references) {
            COSBase object = item instanceof org.apache.pdfbox.cos.COSObject indirect ? indirect.getObject() : item;
            if (object instanceof COSDictionary reference
                    && COSName.DOCMDP.equals(reference.getCOSName(COSName.getPDFName("TransformMethod")))) {
                COSDictionary params = reference.getCOSDictionary(COSName.getPDFName("TransformParams"));
                return params == null ? 2 : params.getInt(COSName.P, 2); // P defaults to 2 (ISO 32000-1 Table 254)
            }
        }
        return null;
    }
}
