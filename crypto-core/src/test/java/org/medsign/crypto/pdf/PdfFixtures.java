package org.medsign.crypto.pdf;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.junit.jupiter.api.Assumptions;

/** PDFs and seal images made in the test with PDFBox and Java2D; nothing committed but code (public: cli and hub tests use it). */
public final class PdfFixtures {

    /** WenQuanYi Micro Hei (Debian fonts-wqy-microhei), the CJK font the keyword tests need. */
    public static final Path CJK_FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    public static final String KEYWORD = "医师签名：";
    public static final float KEYWORD_FONT_SIZE = 12;
    /** Baseline of the keyword line, in points from the bottom of an A4 page. */
    public static final float KEYWORD_X = 72;
    public static final float KEYWORD_BASELINE = 260;

    private PdfFixtures() {
    }

    /** Skips the calling test unless the CJK font file is there. */
    public static void assumeCjkFont() {
        Assumptions.assumeTrue(Files.isReadable(CJK_FONT), "CJK font " + CJK_FONT + " missing: test skipped");
    }

    /** A one-page A4 report in Helvetica. */
    public static byte[] onePage() {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                writeLine(content, new PDType1Font(Standard14Fonts.FontName.HELVETICA), "Laboratory report 2026-0001",
                        72, 760);
                writeLine(content, new PDType1Font(Standard14Fonts.FontName.HELVETICA), "Result: within range", 72,
                        730);
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code pages} A4 pages in Helvetica, each with its page number ("Laboratory report 2026-0001, page i of n"). */
    public static byte[] pages(int pages) {
        try (PDDocument document = new PDDocument()) {
            PDFont font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    writeLine(content, font, "Laboratory report 2026-0001, page " + i + " of " + pages, 72, 760);
                }
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #pages(int) pages(2)} with an AcroForm: an empty signature field {@code fieldName} on page 2 at
     * {@code rect} (points), printed, as a form designer leaves it for the signer, and a text field "patient" on
     * page 1.
     */
    public static byte[] withSignatureField(String fieldName, PDRectangle rect) {
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(pages(2))) {
            PDAcroForm acroForm = new PDAcroForm(document);
            document.getDocumentCatalog().setAcroForm(acroForm);
            PDSignatureField signature = new PDSignatureField(acroForm);
            signature.setPartialName(fieldName);
            PDAnnotationWidget widget = signature.getWidgets().get(0);
            widget.setRectangle(rect);
            widget.setPrinted(true);
            PDPage page2 = document.getPage(1);
            widget.setPage(page2);
            page2.getAnnotations().add(widget);
            acroForm.getFields().add(signature);

            PDTextField text = new PDTextField(acroForm);
            text.setPartialName("patient");
            PDAnnotationWidget textWidget = text.getWidgets().get(0);
            textWidget.setRectangle(new PDRectangle(72, 700, 200, 20));
            PDPage page1 = document.getPage(0);
            textWidget.setPage(page1);
            page1.getAnnotations().add(textWidget);
            acroForm.getFields().add(text);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code pages} A4 pages, the Chinese keyword line only on {@code keywordPage} (1-based); needs the CJK font. */
    public static byte[] withKeyword(int pages, int keywordPage) {
        assumeCjkFont();
        try (PDDocument document = new PDDocument(); TrueTypeCollection collection =
                new TrueTypeCollection(CJK_FONT.toFile())) {
            PDFont font = PDType0Font.load(document, firstFont(collection), true);
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    writeLine(content, font, "检验报告 第 " + i + " 页", 72, 760);
                    if (i == keywordPage) {
                        writeLine(content, font, "检验结果：正常", 72, 400);
                        writeLine(content, font, KEYWORD, KEYWORD_X, KEYWORD_BASELINE);
                    }
                }
            }
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The width of the keyword as drawn by {@link #withKeyword}, in points. */
    public static float keywordWidth() {
        try (PDDocument document = new PDDocument(); TrueTypeCollection collection =
                new TrueTypeCollection(CJK_FONT.toFile())) {
            PDFont font = PDType0Font.load(document, firstFont(collection), true);
            return font.getStringWidth(KEYWORD) / 1000 * KEYWORD_FONT_SIZE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #onePage()} encrypted with a user password (AES-256). */
    public static byte[] encrypted(String userPassword) {
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(onePage())) {
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-secret", userPassword,
                    new AccessPermission());
            policy.setEncryptionKeyLength(256);
            document.protect(policy);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A round seal: filled disc in {@code color} on a transparent square, 300 × 300 px. */
    public static byte[] sealPng(Color color) {
        BufferedImage image = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setColor(color);
        graphics.fillOval(10, 10, 280, 280);
        graphics.setColor(Color.WHITE);
        graphics.fillOval(40, 40, 220, 220);
        graphics.setColor(color);
        graphics.fillOval(100, 100, 100, 100);
        graphics.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeLine(PDPageContentStream content, PDFont font, String text, float x, float y)
            throws IOException {
        content.beginText();
        content.setFont(font, KEYWORD_FONT_SIZE);
        content.newLineAtOffset(x, y);
        content.showText(text);
        content.endText();
    }

    private static TrueTypeFont firstFont(TrueTypeCollection collection) throws IOException {
        AtomicReference<TrueTypeFont> first = new AtomicReference<>();
        collection.processAllFonts(font -> first.compareAndSet(null, font));
        return first.get();
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }
}
