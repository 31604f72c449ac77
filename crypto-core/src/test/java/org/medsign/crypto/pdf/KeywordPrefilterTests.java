package org.medsign.crypto.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.documentinterchange.markedcontent.PDPropertyList;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/**
 * The keyword pre-filter passes over pages that cannot hold the keyword and never over a page whose extracted text
 * holds it: not for plain text, text in a form XObject, or text that exists only as {@code /ActualText}. Keyword
 * placement keeps "first occurrence in page order wins".
 */
class KeywordPrefilterTests {

    @Test
    void passesOverPagesWithoutTheKeywordsCharactersAndKeepsThePagesWithThem() throws IOException {
        try (PDDocument document = Loader.loadPDF(PdfFixtures.pages(5))) {
            KeywordPrefilter prefilter = new KeywordPrefilter("page 3 of");
            List<Boolean> passed = new ArrayList<>();
            for (PDPage page : document.getPages()) {
                passed.add(prefilter.mayContain(page));
            }
            assertThat(passed).containsExactly(false, false, true, false, false);
            assertThat(KeywordLocator.find(document, "page 3 of").pageIndex()).isEqualTo(2);
            assertThat(KeywordLocator.find(document, "Laboratory report").pageIndex()).as("first occurrence wins")
                    .isZero();
            assertThat(KeywordLocator.find(document, "page 6 of")).isNull();
        }
    }

    @Test
    void passesOverCjkPagesWithoutTheKeywordAndFindsItWhereItIs() throws IOException {
        try (PDDocument document = Loader.loadPDF(PdfFixtures.withKeyword(3, 2))) {
            KeywordPrefilter prefilter = new KeywordPrefilter(PdfFixtures.KEYWORD);
            assertThat(prefilter.mayContain(document.getPage(0))).isFalse();
            assertThat(prefilter.mayContain(document.getPage(1))).isTrue();
            assertThat(prefilter.mayContain(document.getPage(2))).isFalse();
            assertThat(KeywordLocator.find(document, PdfFixtures.KEYWORD).pageIndex()).isEqualTo(1);
        }
    }

    @Test
    void aKeywordThatExistsOnlyAsActualTextIsStillFoundOnItsPage() throws IOException {
        try (PDDocument document = Loader.loadPDF(withActualTextAndForm())) {
            KeywordPrefilter prefilter = new KeywordPrefilter(PdfFixtures.KEYWORD);
            assertThat(prefilter.mayContain(document.getPage(0))).isFalse();
            assertThat(prefilter.mayContain(document.getPage(1))).isTrue();
            assertThat(KeywordLocator.find(document, PdfFixtures.KEYWORD).pageIndex()).isEqualTo(1);
            assertThat(KeywordLocator.find(document, "inside a form").pageIndex()).isEqualTo(2);
        }
    }

    @Test
    void everyStretchOfAPagesExtractedTextPassesTheFilterForThatPage() throws IOException {
        List<byte[]> pdfs = new ArrayList<>(List.of(PdfFixtures.pages(3), withActualTextAndForm()));
        if (java.nio.file.Files.isReadable(PdfFixtures.CJK_FONT)) {
            pdfs.add(PdfFixtures.withKeyword(2, 2));
        }
        int checked = 0;
        for (byte[] pdf : pdfs) {
            try (PDDocument document = Loader.loadPDF(pdf)) {
                for (int p = 0; p < document.getNumberOfPages(); p++) {
                    String text = sortedText(document, p).replaceAll("\\s+", "");
                    for (int start = 0; start < text.length(); start++) {
                        String keyword = text.substring(start, Math.min(text.length(), start + 4));
                        assertThat(new KeywordPrefilter(keyword).mayContain(document.getPage(p)))
                                .as("page %d, keyword \"%s\"", p + 1, keyword).isTrue();
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }

    private static String sortedText(PDDocument document, int pageIndex) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        stripper.setStartPage(pageIndex + 1);
        stripper.setEndPage(pageIndex + 1);
        return stripper.getText(document);
    }

    /**
     * Three pages in Helvetica: page 2 shows "Signature:" marked as {@code /ActualText (医师签名：)}; page 3 draws a form
     * XObject with the line "text inside a form".
     */
    private static byte[] withActualTextAndForm() {
        try (PDDocument document = new PDDocument()) {
            PDFont font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= 3; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                PDFormXObject form = null;
                if (i == 3) {
                    // an appearance stream is a form XObject PDPageContentStream can write into
                    form = new PDAppearanceStream(document);
                    form.setResources(new PDResources());
                    form.setBBox(new PDRectangle(300, 50));
                    try (PDPageContentStream content = new PDPageContentStream(document, (PDAppearanceStream) form)) {
                        line(content, font, "text inside a form", 10, 20);
                    }
                }
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    line(content, font, "Report page " + i, 72, 760);
                    if (i == 2) {
                        COSDictionary properties = new COSDictionary();
                        properties.setString(COSName.ACTUAL_TEXT, PdfFixtures.KEYWORD);
                        content.beginMarkedContent(COSName.getPDFName("Span"), PDPropertyList.create(properties));
                        line(content, font, "Signature:", 72, 260);
                        content.endMarkedContent();
                    }
                    if (form != null) {
                        content.saveGraphicsState();
                        content.transform(org.apache.pdfbox.util.Matrix.getTranslateInstance(72, 400));
                        content.drawForm(form);
                        content.restoreGraphicsState();
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(PDPageContentStream content, PDFont font, String text, float x, float y)
            throws IOException {
        content.beginText();
        content.setFont(font, 12);
        content.newLineAtOffset(x, y);
        content.showText(text);
        content.endText();
    }
}
