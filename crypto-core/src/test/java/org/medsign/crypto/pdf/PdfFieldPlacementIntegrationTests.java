package org.medsign.crypto.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.verify.CmsSignatureVerifier;

/**
 * Placement by an existing form field: an empty signature field a form designer left on page 2 is signed in place
 * (its rectangle, its page, its name), checked by qpdf, pdfsig and pdftoppm; fields that cannot be signed are refused
 * by sign and check alike; a further signature keeps both valid.
 */
class PdfFieldPlacementIntegrationTests {

    /** The field's rectangle on page 2, in points: 120 × 80, so the square seal is 80 × 80 in its middle. */
    private static final PDRectangle FIELD = new PDRectangle(300, 100, 120, 80);

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private final TestPki.Holder reviewer = pki.issue("CN=Wang Fang,OU=Laboratory,O=Test Hospital,C=CN");
    private final TestPki.Holder department = pki.issue("CN=Laboratory Department Seal,O=Test Hospital,C=CN");
    private final PdfSignatures signatures =
            new PdfSignatures(CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build());

    private PdfSigner.Builder signer(TestPki.Holder holder, Color color) {
        return PdfSigner.builder().key(holder.key()).certificate(holder.certificate()).chain(pki.chain())
                .timestamps(pki.tsa).sealImage(PdfFixtures.sealPng(color));
    }

    @Test
    void signsTheEmptySignatureFieldInPlaceWithTheSealAsItsAppearance() throws Exception {
        byte[] original = PdfFixtures.withSignatureField("reviewer", FIELD);
        assertThat(signatures.verify(original)).as("an empty field is no signature").isEmpty();

        byte[] signed = signer(reviewer, Color.RED).build().sign(original, PdfPlacement.inField("reviewer"));

        assertThat(Arrays.copyOf(signed, original.length)).as("incremental").isEqualTo(original);
        PdfSignatureReport report = signatures.verify(signed).get(0);
        assertThat(signatures.verify(signed)).hasSize(1);
        assertThat(report.valid()).as(report.cms().toText()).isTrue();
        assertThat(report.fieldName()).isEqualTo("reviewer");
        assertThat(report.signer().subject()).contains("CN=Wang Fang");

        Path file = dir.resolve("field.pdf");
        Files.write(file, signed);
        Openssl.Result qpdf = PdfTools.qpdfCheck(file);
        assertThat(qpdf.exit()).as(qpdf.out() + qpdf.err()).isZero();
        Openssl.Result pdfsig = PdfTools.pdfsig(file);
        assertThat(pdfsig.out()).as(pdfsig.out() + pdfsig.err()).contains("Signature #1")
                .contains("Signature Field Name: reviewer").contains("Wang Fang");

        BufferedImage page2 = PdfTools.render(file, 2);
        double centreX = FIELD.getLowerLeftX() + FIELD.getWidth() / 2;
        double centreY = FIELD.getLowerLeftY() + FIELD.getHeight() / 2;
        double size = FIELD.getHeight();
        assertThat(PdfTools.redAt(page2, centreX, centreY)).as("seal centre in the field").isTrue();
        assertThat(PdfTools.redAt(page2, centreX, FIELD.getLowerLeftY() + 0.06 * size)).as("seal ring").isTrue();
        assertThat(PdfTools.whiteAt(page2, FIELD.getLowerLeftX() + 5, centreY)).as("field left of the seal")
                .isTrue();
        assertThat(PdfTools.whiteAt(page2, centreX, FIELD.getUpperRightY() + 5)).as("above the field").isTrue();
        assertThat(PdfTools.whiteAt(page2, FIELD.getLowerLeftX() - 5, centreY)).as("left of the field").isTrue();
        assertThat(PdfTools.whiteAt(PdfTools.render(file, 1), centreX, centreY)).as("nothing on page 1").isTrue();
        PdfTools.keepRendering(page2, "pdf-seal-field-rendered.png");
    }

    @Test
    void aFurtherSignatureAfterTheFieldKeepsBothValid() throws Exception {
        byte[] once = signer(reviewer, Color.BLUE).build()
                .sign(PdfFixtures.withSignatureField("reviewer", FIELD), PdfPlacement.inField("reviewer"));
        byte[] twice = signer(department, Color.RED).fieldName("department").build()
                .sign(once, PdfPlacement.onPage(2, 30, 30, 40, 40));

        List<PdfSignatureReport> reports = signatures.verify(twice);
        assertThat(reports).extracting(PdfSignatureReport::fieldName).containsExactly("reviewer", "department");
        assertThat(reports).allSatisfy(r -> assertThat(r.valid()).as(r.fieldName()).isTrue());
        assertThat(reports.get(0).laterRevisions()).isEqualTo(1);
        Path file = dir.resolve("field-then-seal.pdf");
        Files.write(file, twice);
        assertThat(PdfTools.qpdfCheck(file).exit()).isZero();
        assertThat(PdfTools.pdfsig(file).out()).contains("Signature #1").contains("Signature #2");

        assertThatThrownBy(() -> signer(department, Color.RED).build().sign(twice, PdfPlacement.inField("reviewer")))
                .isInstanceOf(FieldNotFoundException.class)
                .hasMessage("the signature field \"reviewer\" is already signed");
    }

    @Test
    void aMissingFieldOrOneThatIsNotAnEmptySignatureFieldIsRefusedBySignAndCheck() {
        byte[] pdf = PdfFixtures.withSignatureField("reviewer", FIELD);
        PdfSigner signer = signer(reviewer, Color.RED).build();

        assertThatThrownBy(() -> signer.sign(pdf, PdfPlacement.inField("nurse")))
                .isInstanceOf(FieldNotFoundException.class)
                .hasMessage("the PDF has no form field named \"nurse\"")
                .satisfies(e -> assertThat(((FieldNotFoundException) e).fieldName()).isEqualTo("nurse"));
        assertThatThrownBy(() -> signer.sign(pdf, PdfPlacement.inField("patient")))
                .isInstanceOf(FieldNotFoundException.class)
                .hasMessage("the form field \"patient\" is not a signature field");
        assertThatThrownBy(() -> signer.sign(PdfFixtures.pages(2), PdfPlacement.inField("reviewer")))
                .as("no AcroForm at all").isInstanceOf(FieldNotFoundException.class);
        assertThatThrownBy(() -> PdfSigner.check(pdf, PdfPlacement.inField("nurse"), false))
                .isInstanceOf(FieldNotFoundException.class);
        assertThatThrownBy(() -> PdfSigner.check(pdf, PdfPlacement.inField("patient"), false))
                .isInstanceOf(FieldNotFoundException.class);
        PdfSigner.check(pdf, PdfPlacement.inField("reviewer"), true);
        assertThatThrownBy(() -> PdfPlacement.inField(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
