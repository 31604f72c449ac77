package org.medsign.crypto.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.verify.CmsSignatureVerifier;

/**
 * The seal image is encoded once per PNG and rebuilt per document: the rebuilt XObject decodes to the PNG's pixels
 * (alpha included) after a save and reload, one encoding is shared, and the cache stays within its bounds.
 */
class SealImageXObjectTests {

    @BeforeEach
    void emptyCache() {
        SealImageXObject.clearCache();
    }

    @Test
    void theImageRebuiltInADocumentDecodesToThePngsPixelsAlphaIncluded() throws IOException {
        byte[] png = PdfFixtures.sealPng(Color.RED);
        BufferedImage expected = ImageIO.read(new java.io.ByteArrayInputStream(png));
        SealImageXObject encoded = SealImageXObject.of(png);
        byte[] saved;
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            PDImageXObject image = encoded.addTo(document);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(image, 10, 10, 100, 100);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            saved = out.toByteArray();
        }
        try (PDDocument reloaded = Loader.loadPDF(saved)) {
            PDImageXObject image = (PDImageXObject) reloaded.getPage(0).getResources()
                    .getXObject(reloaded.getPage(0).getResources().getXObjectNames().iterator().next());
            assertThat(image.getCOSObject().getDictionaryObject(COSName.SMASK)).as("alpha as a soft mask").isNotNull();
            BufferedImage decoded = image.getImage();
            assertThat(decoded.getWidth()).isEqualTo(expected.getWidth());
            assertThat(decoded.getHeight()).isEqualTo(expected.getHeight());
            int differing = 0;
            for (int y = 0; y < expected.getHeight(); y++) {
                for (int x = 0; x < expected.getWidth(); x++) {
                    int want = expected.getRGB(x, y);
                    int got = decoded.getRGB(x, y);
                    boolean bothTransparent = (want >>> 24) == 0 && (got >>> 24) == 0;
                    if (want != got && !bothTransparent) {
                        differing++;
                    }
                }
            }
            assertThat(differing).as("pixels that differ from the PNG").isZero();
        }
    }

    @Test
    void eachPngIsEncodedOnceAndEveryDocumentGetsItsOwnObjects() throws IOException {
        byte[] png = PdfFixtures.sealPng(Color.RED);
        SealImageXObject first = SealImageXObject.of(png);
        assertThat(SealImageXObject.of(png.clone())).as("same bytes, same encoding").isSameAs(first);
        assertThat(SealImageXObject.of(PdfFixtures.sealPng(Color.BLUE))).isNotSameAs(first);
        assertThat(SealImageXObject.cachedImages()).isEqualTo(2);
        try (PDDocument one = new PDDocument(); PDDocument two = new PDDocument()) {
            assertThat(first.addTo(one).getCOSObject()).isNotSameAs(first.addTo(two).getCOSObject());
        }
    }

    @Test
    void signersOnSeveralThreadsShareOneEncodingAndEverySignatureVerifies() throws Exception {
        TestPki pki = new TestPki();
        TestPki.Holder doctor = pki.issue("CN=Zhao Lei,OU=Laboratory,O=Test Hospital,C=CN");
        byte[] png = PdfFixtures.sealPng(Color.RED);
        byte[] pdf = PdfFixtures.onePage();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> signed = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                signed.add(threads.submit(() -> PdfSigner.builder().key(doctor.key())
                        .certificate(doctor.certificate()).chain(pki.chain()).sealImage(png).build()
                        .sign(pdf, PdfPlacement.onPage(1, 20, 20, 30, 30))));
            }
            PdfSignatures signatures = new PdfSignatures(
                    CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build());
            for (Future<byte[]> each : signed) {
                assertThat(signatures.verify(each.get(60, TimeUnit.SECONDS))).singleElement()
                        .satisfies(report -> assertThat(report.valid()).isTrue());
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(SealImageXObject.cachedImages()).isEqualTo(1);
    }

    @Test
    void theCacheKeepsTheMostRecentlyUsedImagesWithinItsEntryLimit() {
        List<byte[]> pngs = new ArrayList<>();
        for (int i = 0; i < SealImageXObject.CACHE_ENTRIES + 4; i++) {
            pngs.add(solidPng(20 + i, new Color(i * 9, 40, 200)));
        }
        SealImageXObject kept = SealImageXObject.of(pngs.get(0));
        SealImageXObject dropped = SealImageXObject.of(pngs.get(1));
        for (int i = 2; i < pngs.size(); i++) {
            SealImageXObject.of(pngs.get(0)); // used again: the most recent
            SealImageXObject.of(pngs.get(i));
        }
        assertThat(SealImageXObject.cachedImages()).isEqualTo(SealImageXObject.CACHE_ENTRIES);
        assertThat(SealImageXObject.cachedBytes()).isPositive().isLessThanOrEqualTo(SealImageXObject.CACHE_BYTES);
        assertThat(SealImageXObject.of(pngs.get(0))).as("in use, kept").isSameAs(kept);
        assertThat(SealImageXObject.of(pngs.get(1))).as("least recently used, evicted and encoded again")
                .isNotSameAs(dropped);
    }

    @Test
    void anImageLargerThanAQuarterOfTheCacheIsEncodedForItsCallerButNotKept() {
        int side = 800; // noise does not compress: ≈ 2.5 MB of image and soft mask
        BufferedImage noise = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random(18);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                noise.setRGB(x, y, random.nextInt());
            }
        }
        SealImageXObject encoded = SealImageXObject.of(png(noise));
        assertThat(encoded.encodedBytes()).isGreaterThan(SealImageXObject.CACHE_BYTES / 4);
        assertThat(SealImageXObject.cachedImages()).isZero();
        assertThat(SealImageXObject.cachedBytes()).isZero();
    }

    @Test
    void bytesThatAreNotAPngAreRefusedAndNotCached() {
        assertThatThrownBy(() -> SealImageXObject.of(new byte[] {1, 2, 3})).isInstanceOf(NotAPngException.class)
                .hasMessage("the appearance image is not a PNG (no PNG signature)");
        byte[] truncated = java.util.Arrays.copyOf(PdfFixtures.sealPng(Color.RED), 40);
        assertThatThrownBy(() -> SealImageXObject.of(truncated)).isInstanceOf(NotAPngException.class)
                .hasMessageStartingWith("the appearance image cannot be decoded as PNG");
        assertThat(SealImageXObject.cachedImages()).isZero();
    }

    private static byte[] solidPng(int side, Color color) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillOval(0, 0, side, side);
        graphics.dispose();
        return png(image);
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
