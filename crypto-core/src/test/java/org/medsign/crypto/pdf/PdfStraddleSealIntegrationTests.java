package org.medsign.crypto.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.verify.CmsSignatureVerifier;

/**
 * Straddle seal (骑缝章) over a three-page report: one signature whose revision holds a strip of the seal at the right
 * edge of every page, checked by qpdf, pdfsig and pdftoppm (red only in the right-edge band; the strips side by side
 * are the seal as placed whole), and tampering with a later page's strip.
 */
class PdfStraddleSealIntegrationTests {

    private static final double MM = PdfPlacement.POINTS_PER_MM;
    private static final double PAGE_WIDTH = PDRectangle.A4.getWidth();
    private static final double Y_MM = 120;
    private static final double SEAL_MM = 42;

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private final TestPki.Holder department = pki.issue("CN=Laboratory Department Seal,O=Test Hospital,C=CN");
    private final TestPki.Holder doctor = pki.issue("CN=Zhang Wei,OU=Laboratory,O=Test Hospital,C=CN");
    private final PdfSignatures signatures =
            new PdfSignatures(CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build());

    private PdfSigner.Builder signer(TestPki.Holder holder, String field, Color color) {
        return PdfSigner.builder().key(holder.key()).certificate(holder.certificate()).chain(pki.chain())
                .timestamps(pki.tsa).sealImage(PdfFixtures.sealPng(color)).fieldName(field);
    }

    private byte[] straddled(byte[] original) {
        return signer(department, "department", Color.RED).build()
                .sign(original, PdfPlacement.straddle(Y_MM, SEAL_MM, SEAL_MM));
    }

    @Test
    void cutsTheSealIntoOneStripPerPageAtTheRightEdgeAllInOneSignedRevision() throws Exception {
        byte[] original = PdfFixtures.pages(3);
        byte[] signed = straddled(original);

        assertThat(Arrays.copyOf(signed, original.length)).as("incremental").isEqualTo(original);
        assertThat(PdfSignatures.revisions(signed)).isEqualTo(2);
        PdfSignatureReport report = signatures.verify(signed).get(0);
        assertThat(signatures.verify(signed)).hasSize(1);
        assertThat(report.valid()).as(report.cms().toText()).isTrue();
        assertThat(report.fieldName()).isEqualTo("department");
        assertThat(report.revisionEnd()).isEqualTo(signed.length);
        // every strip is written in the signed revision, before the signature's byte range ends
        for (int k = 2; k <= 3; k++) {
            int at = indexOf(signed, "department strip " + k + "/3", 0);
            assertThat(at).as("strip " + k).isGreaterThan(original.length);
            assertThat(report.byteRange().covers(at)).isTrue();
        }

        Path file = dir.resolve("straddle.pdf");
        Files.write(file, signed);
        Openssl.Result qpdf = PdfTools.qpdfCheck(file);
        assertThat(qpdf.exit()).as(qpdf.out() + qpdf.err()).isZero();
        assertThat(qpdf.out()).contains("No syntax or stream encoding errors found");
        Openssl.Result pdfsig = PdfTools.pdfsig(file);
        assertThat(pdfsig.out()).as(pdfsig.out() + pdfsig.err()).contains("Signature #1")
                .doesNotContain("Signature #2").contains("Signature Field Name: department")
                .contains("Laboratory Department Seal");

        // the same seal placed whole at page 1's right edge: the reference the strips must add up to
        Path whole = dir.resolve("whole.pdf");
        Files.write(whole, signer(department, "whole", Color.RED).build().sign(PdfFixtures.pages(1),
                PdfPlacement.onPage(1, PAGE_WIDTH / MM - SEAL_MM, Y_MM, SEAL_MM, SEAL_MM)));
        BufferedImage reference = PdfTools.render(whole, 1);
        double strip = SEAL_MM * MM / 3;
        long stripRed = 0;
        for (int page = 1; page <= 3; page++) {
            BufferedImage rendering = PdfTools.render(file, page);
            List<String> outside = redOutside(rendering, PAGE_WIDTH - strip, Y_MM * MM, PAGE_WIDTH,
                    (Y_MM + SEAL_MM) * MM);
            assertThat(outside).as("red pixels outside the right-edge band of page " + page).isEmpty();
            int k = page - 1;
            int compared = 0;
            int differ = 0;
            for (double x = Math.ceil(PAGE_WIDTH - strip) + 1; x < PAGE_WIDTH - 1; x++) {
                for (double y = Y_MM * MM + 1; y < (Y_MM + SEAL_MM) * MM - 1; y++) {
                    boolean red = PdfTools.redAt(rendering, x, y);
                    stripRed += red ? 1 : 0;
                    compared++;
                    if (red != PdfTools.redAt(reference, x - (2 - k) * strip, y)) {
                        differ++;
                    }
                }
            }
            assertThat(compared).isPositive();
            assertThat((double) differ / compared).as("strip " + page + " differs from the seal's part")
                    .isLessThan(0.03);
            PdfTools.keepRendering(rendering, "pdf-straddle-page" + page + ".png");
        }
        long referenceRed = 0;
        for (double x = PAGE_WIDTH - SEAL_MM * MM; x < PAGE_WIDTH - 1; x++) {
            for (double y = Y_MM * MM + 1; y < (Y_MM + SEAL_MM) * MM - 1; y++) {
                referenceRed += PdfTools.redAt(reference, x, y) ? 1 : 0;
            }
        }
        assertThat(referenceRed).isPositive();
        assertThat((double) stripRed / referenceRed).as("the strips together are the whole seal")
                .isBetween(0.9, 1.02);
        PdfTools.keepRendering(fanned(file, strip), "pdf-straddle-fanned.png");
    }

    @Test
    void aChangedByteInTheLastPagesStripBreaksTheSignature() {
        byte[] signed = straddled(PdfFixtures.pages(3));
        byte[] tampered = signed.clone();
        int at = indexOf(signed, "department strip 3/3", 0);
        tampered[at + "department strip 3/".length()] = '4';

        PdfSignatureReport report = signatures.verify(tampered).get(0);

        assertThat(report.valid()).isFalse();
        assertThat(report.signatureIntact()).isFalse();
        assertThat(report.problems()).extracting(PdfSignatureReport.Problem::code).contains("DIGEST_MISMATCH");
    }

    @Test
    void aStripRemovedByALaterRevisionLeavesTheSignatureReportingThatRevision() throws Exception {
        byte[] signed = straddled(PdfFixtures.pages(3));
        byte[] stripped;
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDPage page3 = document.getPage(2);
            COSArray kept = new COSArray();
            for (PDAnnotation annotation : page3.getAnnotations()) {
                if (!"Stamp".equals(annotation.getSubtype())) {
                    kept.add(annotation);
                }
            }
            page3.getCOSObject().setItem(COSName.ANNOTS, kept);
            page3.getCOSObject().setNeedToBeUpdated(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            stripped = out.toByteArray();
        }

        assertThat(PdfSignatures.revisions(stripped)).isEqualTo(3);
        PdfSignatureReport report = signatures.verify(stripped).get(0);
        assertThat(report.revision()).isEqualTo(2);
        assertThat(report.laterRevisions()).isEqualTo(1);
        assertThat(report.modifiedAfter()).isTrue();
        Path file = dir.resolve("stripped.pdf");
        Files.write(file, stripped);
        assertThat(redOutside(PdfTools.render(file, 3), 0, 0, 0, 0)).as("page 3 lost its strip").isEmpty();
        assertThat(redOutside(PdfTools.render(file, 2), 0, 0, 0, 0)).as("page 2 keeps its strip").isNotEmpty();
    }

    @Test
    void aStraddleAfterADoctorsSignatureKeepsBothValid() throws Exception {
        byte[] once = signer(doctor, "doctor", Color.BLUE).build()
                .sign(PdfFixtures.pages(3), PdfPlacement.onPage(3, 30, 30, 30, 30));
        byte[] twice = straddled(once);

        List<PdfSignatureReport> reports = signatures.verify(twice);
        assertThat(reports).extracting(PdfSignatureReport::fieldName).containsExactly("doctor", "department");
        assertThat(reports).allSatisfy(r -> assertThat(r.valid()).as(r.fieldName()).isTrue());
        Path file = dir.resolve("doctor-then-straddle.pdf");
        Files.write(file, twice);
        assertThat(PdfTools.qpdfCheck(file).exit()).isZero();
        assertThat(PdfTools.pdfsig(file).out()).contains("Signature #1").contains("Signature #2");
        BufferedImage page3 = PdfTools.render(file, 3);
        // the ring of the seal is 15.4 to 19.6 mm from its centre: 38.5 mm from its left edge is red
        assertThat(PdfTools.redAt(page3, PAGE_WIDTH - 3.5 * MM, (Y_MM + SEAL_MM / 2) * MM)).as("strip 3").isTrue();
        assertThat(PdfTools.whiteAt(page3, 30 * MM + 2, 30 * MM + 2)).as("doctor's seal corner").isTrue();
    }

    @Test
    void aOnePageDocumentOrARangeOfOnePageTakesTheWholeSealAtTheRightEdge() throws Exception {
        byte[] signed = straddled(PdfFixtures.pages(1));

        assertThat(signatures.verify(signed)).singleElement().satisfies(r -> assertThat(r.valid()).isTrue());
        Path file = dir.resolve("one-page.pdf");
        Files.write(file, signed);
        BufferedImage page = PdfTools.render(file, 1);
        double centreX = PAGE_WIDTH - SEAL_MM * MM / 2;
        double centreY = (Y_MM + SEAL_MM / 2) * MM;
        assertThat(PdfTools.redAt(page, centreX, centreY)).as("seal centre").isTrue();
        assertThat(PdfTools.whiteAt(page, PAGE_WIDTH - SEAL_MM * MM + 2, Y_MM * MM + 2)).as("transparent corner")
                .isTrue();
        assertThat(redOutside(page, PAGE_WIDTH - SEAL_MM * MM, Y_MM * MM, PAGE_WIDTH, (Y_MM + SEAL_MM) * MM))
                .isEmpty();

        byte[] range = signer(department, "department", Color.RED).build().sign(PdfFixtures.pages(3),
                new PdfPlacement.Straddle(2, 2, Y_MM, SEAL_MM, SEAL_MM));
        Path rangeFile = dir.resolve("range.pdf");
        Files.write(rangeFile, range);
        assertThat(PdfTools.redAt(PdfTools.render(rangeFile, 2), centreX, centreY)).isTrue();
        assertThat(redOutside(PdfTools.render(rangeFile, 1), 0, 0, 0, 0)).isEmpty();
        assertThat(redOutside(PdfTools.render(rangeFile, 3), 0, 0, 0, 0)).isEmpty();
    }

    @Test
    void aRangeBeyondTheLastPageIsRefusedBySignAndCheck() {
        byte[] pdf = PdfFixtures.pages(3);
        PdfSigner signer = signer(department, "department", Color.RED).build();

        assertThatThrownBy(() -> signer.sign(pdf, new PdfPlacement.Straddle(2, 5, Y_MM, SEAL_MM, SEAL_MM)))
                .isInstanceOf(PageOutOfRangeException.class)
                .hasMessage("page 5 is out of range: the document has 3 page(s)");
        assertThatThrownBy(() -> PdfSigner.check(pdf, new PdfPlacement.Straddle(4, 0, Y_MM, SEAL_MM, SEAL_MM), false))
                .isInstanceOf(PageOutOfRangeException.class);
        PdfSigner.check(pdf, new PdfPlacement.Straddle(1, 3, Y_MM, SEAL_MM, SEAL_MM), false);
        assertThatThrownBy(() -> new PdfPlacement.Straddle(3, 2, Y_MM, SEAL_MM, SEAL_MM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PdfPlacement.Straddle(0, 0, Y_MM, SEAL_MM, SEAL_MM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** "x,y" of every red pixel outside the rectangle (PDF points, with one point of tolerance). */
    private static List<String> redOutside(BufferedImage rendering, double left, double bottom, double right,
                                           double top) {
        List<String> outside = new ArrayList<>();
        for (int x = 0; x < rendering.getWidth(); x++) {
            for (int y = 0; y < rendering.getHeight(); y++) {
                boolean inside = x >= left - 1 && x <= right + 1 && y >= bottom - 1 && y <= top + 1;
                if (!inside && PdfTools.redAt(rendering, x, y)) {
                    outside.add(x + "," + y);
                }
            }
        }
        return outside;
    }

    /** The three renderings fanned out (each page a strip to the left of the next, page 1 on top) for the docs. */
    private static BufferedImage fanned(Path file, double strip) {
        List<BufferedImage> pages = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            pages.add(PdfTools.render(file, page));
        }
        int shift = (int) Math.round(strip);
        int width = pages.get(0).getWidth() + 2 * shift;
        BufferedImage out = new BufferedImage(width, pages.get(0).getHeight(), BufferedImage.TYPE_INT_RGB);
        var graphics = out.createGraphics();
        graphics.setColor(Color.LIGHT_GRAY);
        graphics.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 2; i >= 0; i--) {
            graphics.drawImage(pages.get(i), i * shift, 0, null);
            graphics.setColor(Color.GRAY);
            graphics.drawRect(i * shift, 0, pages.get(i).getWidth() - 1, pages.get(i).getHeight() - 1);
        }
        graphics.dispose();
        return out;
    }

    private static int indexOf(byte[] haystack, String needle, int from) {
        return PdfDocuments.indexOf(haystack, needle.getBytes(StandardCharsets.US_ASCII), from, haystack.length);
    }
}
