package org.medsign.crypto.pdf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.verify.CmsSignatureVerifier;

/** Each kind of bad input is refused with its own exception before anything is signed. */
class PdfBadInputTests {

    private final TestPki pki = new TestPki();
    private final TestPki.Holder doctor = pki.issue("CN=Li Na,OU=Radiology,O=Test Hospital,C=CN");
    private final PdfSigner signer = PdfSigner.builder().key(doctor.key()).certificate(doctor.certificate())
            .chain(pki.chain()).sealImage(PdfFixtures.sealPng(Color.RED)).build();

    @Test
    void refusesBytesThatAreNotAPdf() {
        byte[] text = "MSH|^~\\&|LIS|HOSP".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> signer.sign(text, PdfPlacement.onPage(1, 10, 10, 30, 30)))
                .isInstanceOf(NotAPdfException.class).isInstanceOf(MalformedInputException.class)
                .hasMessageContaining("no %PDF- header");
        assertThatThrownBy(() -> new PdfSignatures(verifier()).verify(text)).isInstanceOf(NotAPdfException.class);
    }

    @Test
    void refusesAPdfWhoseBodyIsBroken() {
        byte[] broken = "%PDF-1.7\n1 0 obj << /Type /Catalog".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> signer.sign(broken, PdfPlacement.onPage(1, 10, 10, 30, 30)))
                .isInstanceOf(NotAPdfException.class).hasMessageStartingWith("not a readable PDF");
    }

    @Test
    void refusesAnEncryptedPdfWithAndWithoutUserPassword() {
        for (String userPassword : new String[] {"", "patient-secret"}) {
            byte[] encrypted = PdfFixtures.encrypted(userPassword);
            assertThatThrownBy(() -> signer.sign(encrypted, PdfPlacement.onPage(1, 10, 10, 30, 30)))
                    .as("user password '%s'", userPassword).isInstanceOf(EncryptedPdfException.class)
                    .hasMessageContaining("encrypted");
            assertThatThrownBy(() -> new PdfSignatures(verifier()).verify(encrypted))
                    .isInstanceOf(EncryptedPdfException.class);
        }
    }

    @Test
    void refusesAKeywordThatIsNotInTheText() {
        assertThatThrownBy(() -> signer.sign(PdfFixtures.onePage(), PdfPlacement.afterKeyword("医师签名：", 30, 30)))
                .isInstanceOf(KeywordNotFoundException.class)
                .hasMessage("keyword not found in the PDF text: \"医师签名：\"");
    }

    @Test
    void refusesAPageOutOfRange() {
        assertThatThrownBy(() -> signer.sign(PdfFixtures.onePage(), PdfPlacement.onPage(2, 10, 10, 30, 30)))
                .isInstanceOf(PageOutOfRangeException.class)
                .hasMessage("page 2 is out of range: the document has 1 page(s)");
        assertThatThrownBy(() -> PdfPlacement.onPage(0, 10, 10, 30, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PdfPlacement.onPage(1, 10, 10, 0, 30)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnImageThatIsNotAPng() {
        byte[] jpegHeader = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F'};
        assertThatThrownBy(() -> PdfSigner.builder().key(doctor.key()).certificate(doctor.certificate())
                .sealImage(jpegHeader).build()).isInstanceOf(NotAPngException.class)
                .isInstanceOf(MalformedInputException.class).hasMessage("the appearance image is not a PNG (no PNG signature)");
        byte[] png = PdfFixtures.sealPng(Color.RED);
        byte[] truncated = java.util.Arrays.copyOf(png, 40);
        assertThatThrownBy(() -> PdfSigner.builder().key(doctor.key()).certificate(doctor.certificate())
                .sealImage(truncated).build()).isInstanceOf(NotAPngException.class)
                .hasMessageStartingWith("the appearance image cannot be decoded as PNG");
    }

    private CmsSignatureVerifier verifier() {
        return CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build();
    }
}
