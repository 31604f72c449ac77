package org.medsign.crypto.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.verify.CmsSignatureVerifier;

/**
 * A visible signature placed by page and millimetres and by keyword, checked by independent tools: qpdf's structure
 * check, poppler's pdfsig listing and pdftoppm's rendering (pixels inside the placed rectangle are red, outside
 * white, and the seal's transparent corners let the page show through).
 */
class PdfSignerPlacementIntegrationTests {

    private static final double MM = PdfPlacement.POINTS_PER_MM;

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private final TestPki.Holder doctor = pki.issue("CN=Zhang Wei,OU=Laboratory,O=Test Hospital,C=CN");

    private PdfSigner.Builder signer(TestPki.Holder holder) {
        return PdfSigner.builder().key(holder.key()).certificate(holder.certificate()).chain(pki.chain())
                .timestamps(pki.tsa).sealImage(PdfFixtures.sealPng(Color.RED));
    }

    private PdfSignatures signatures() {
        return new PdfSignatures(CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build());
    }

    @Test
    void placesTheSealByPageAndMillimetresAndIndependentToolsAcceptIt() throws Exception {
        byte[] original = PdfFixtures.onePage();
        byte[] signed = signer(doctor).fieldName("doctor").reason("检验报告审核").build()
                .sign(original, PdfPlacement.onPage(1, 120, 40, 40, 40));

        assertThat(Arrays.copyOf(signed, original.length)).as("incremental: the original bytes stay").isEqualTo(original);
        List<PdfSignatureReport> reports = signatures().verify(signed);
        assertThat(reports).hasSize(1);
        PdfSignatureReport report = reports.get(0);
        assertThat(report.valid()).as(report.cms().toText()).isTrue();
        assertThat(report.fieldName()).isEqualTo("doctor");
        assertThat(report.subFilter()).isEqualTo("adbe.pkcs7.detached");
        assertThat(report.signer().subject()).contains("CN=Zhang Wei");
        assertThat(report.revision()).isEqualTo(2);
        assertThat(report.revisionEnd()).isEqualTo(signed.length);
        assertThat(report.laterRevisions()).isZero();
        assertThat(report.modifiedAfter()).isFalse();
        assertThat(report.timestampPresent()).isTrue();
        assertThat(report.timestampValid()).isTrue();

        Path file = dir.resolve("signed.pdf");
        Files.write(file, signed);
        Openssl.Result qpdf = PdfTools.qpdfCheck(file);
        assertThat(qpdf.exit()).as(qpdf.out() + qpdf.err()).isZero();
        assertThat(qpdf.out()).contains("No syntax or stream encoding errors found");

        Openssl.Result pdfsig = PdfTools.pdfsig(file);
        assertThat(pdfsig.out()).as(pdfsig.out() + pdfsig.err()).contains("Signature #1")
                .contains("Signature Field Name: doctor").contains("Zhang Wei")
                .contains("adbe.pkcs7.detached").contains(signedRanges(report.byteRange()));

        BufferedImage page = PdfTools.render(file, 1);
        double x = 120 * MM;
        double y = 40 * MM;
        double size = 40 * MM;
        assertThat(PdfTools.redAt(page, x + size / 2, y + size / 2)).as("seal centre").isTrue();
        assertThat(PdfTools.redAt(page, x + size / 2, y + 0.06 * size)).as("seal ring").isTrue();
        assertThat(PdfTools.whiteAt(page, x + 2, y + 2)).as("transparent corner of the seal").isTrue();
        assertThat(PdfTools.whiteAt(page, x - 20, y + size / 2)).as("left of the seal").isTrue();
        assertThat(PdfTools.whiteAt(page, 50, 50)).as("far from the seal").isTrue();
        keepRendering(page, "pdf-seal-rendered.png");
    }

    @Test
    void placesTheSealRightAfterTheKeywordOnThePageWhereItOccurs() throws Exception {
        byte[] original = PdfFixtures.withKeyword(3, 2);
        byte[] signed = signer(doctor).build().sign(original, PdfPlacement.afterKeyword(PdfFixtures.KEYWORD, 30, 30));

        assertThat(signatures().verify(signed)).singleElement().satisfies(r -> assertThat(r.valid()).isTrue());
        Path file = dir.resolve("keyword.pdf");
        Files.write(file, signed);
        assertThat(PdfTools.qpdfCheck(file).exit()).isZero();

        double left = PdfFixtures.KEYWORD_X + PdfFixtures.keywordWidth() + 1 * MM;
        double size = 30 * MM;
        BufferedImage page2 = PdfTools.render(file, 2);
        // the keyword's line middle is about baseline + half the glyph height; the seal is centred on it
        double centreY = PdfFixtures.KEYWORD_BASELINE + 4;
        assertThat(PdfTools.redAt(page2, left + size / 2, centreY)).as("seal centre after the keyword").isTrue();
        assertThat(PdfTools.redAt(page2, left + size / 2, centreY + size / 2 - 0.06 * size)).as("top of the ring")
                .isTrue();
        assertThat(PdfTools.whiteAt(page2, left + size + 20, centreY)).as("right of the seal").isTrue();
        assertThat(PdfTools.whiteAt(page2, left + size / 2, centreY + size)).as("above the seal").isTrue();
        BufferedImage page1 = PdfTools.render(file, 1);
        assertThat(PdfTools.whiteAt(page1, left + size / 2, centreY)).as("nothing on page 1").isTrue();
        keepRendering(page2, "pdf-seal-keyword-rendered.png");
    }

    @Test
    void writesTheSignersNameAndTimeInChineseWithAnEmbeddedFontWhenAsked() throws Exception {
        PdfFixtures.assumeCjkFont();
        byte[] signed = signer(doctor).signerName("张伟").text(PdfFixtures.CJK_FONT).build()
                .sign(PdfFixtures.onePage(), PdfPlacement.onPage(1, 20, 20, 50, 30));

        assertThat(signatures().verify(signed)).singleElement().satisfies(r -> assertThat(r.valid()).isTrue());
        Path file = dir.resolve("text.pdf");
        Files.write(file, signed);
        assertThat(PdfTools.qpdfCheck(file).exit()).isZero();
        Openssl.Result fonts = Openssl.exec(dir, java.util.Map.of(), List.of("pdffonts", file.toString()));
        if (fonts.exit() == 0) {
            assertThat(fonts.out()).containsIgnoringCase("WenQuanYi").contains("yes");
        }
        BufferedImage page = PdfTools.render(file, 1);
        // 9 pt text, two lines: a 23.6 pt band at the bottom, the seal fitted into the 61.4 pt above it
        double band = 2 * 9 * 1.2 + 2;
        assertThat(PdfTools.redAt(page, 45 * MM, 20 * MM + band + (30 * MM - band) / 2)).as("seal centre").isTrue();
        assertThat(PdfTools.whiteAt(page, 45 * MM, 20 * MM + 30 * MM + 10)).as("above the rectangle").isTrue();
        keepRendering(page, "pdf-seal-text-rendered.png");
    }

    private static String signedRanges(PdfByteRange range) {
        return "[" + range.offset1() + " - " + (range.offset1() + range.length1()) + "], [" + range.offset2() + " - "
                + range.end() + "]";
    }

    /** Keeps the rendering in the directory named by -Dmedsign.screenshots / MEDSIGN_SCREENSHOTS (docs/images). */
    private static void keepRendering(BufferedImage image, String name) throws Exception {
        String directory = System.getProperty("medsign.screenshots", System.getenv("MEDSIGN_SCREENSHOTS"));
        if (directory != null && !directory.isBlank()) {
            Files.createDirectories(Path.of(directory));
            ImageIO.write(image, "png", Path.of(directory, name).toFile());
        }
    }
}
