package org.medsign.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A lab report (检验报告单) of N A4 pages made with PDFBox, the way crypto-core's PdfFixtures makes test PDFs: a
 * header, patient lines and about 30 result rows per page, the signature line "医师签名：" on the last page. With
 * the CJK font (Debian fonts-wqy-microhei) the text is Chinese and the font is embedded as a subset; without it the
 * report is in English in Helvetica and the keyword is {@link #LATIN_KEYWORD}. Also the round seal PNG.
 */
public final class SyntheticReport {

    /** WenQuanYi Micro Hei, used when present. */
    public static final Path CJK_FONT = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    /** The signature line's label with the CJK font: keyword placement puts the seal after it. */
    public static final String CJK_KEYWORD = "医师签名：";
    /** The same label in the Helvetica fallback. */
    public static final String LATIN_KEYWORD = "Physician signature:";
    /** Baseline of the signature line on the last page, in points from the bottom. */
    public static final float KEYWORD_BASELINE = 120;

    private static final float FONT_SIZE = 10;
    private static final float LEADING = 18;
    private static final int ROWS_PER_PAGE = 30;
    private static final String[][] CJK_ITEMS = {
            {"谷丙转氨酶(ALT)", "U/L", "9-50"}, {"谷草转氨酶(AST)", "U/L", "15-40"}, {"总胆红素(TBIL)", "umol/L", "0-21"},
            {"白蛋白(ALB)", "g/L", "40-55"}, {"肌酐(CREA)", "umol/L", "57-111"}, {"尿素(UREA)", "mmol/L", "3.1-8.0"},
            {"葡萄糖(GLU)", "mmol/L", "3.9-6.1"}, {"总胆固醇(TC)", "mmol/L", "0-5.2"}, {"甘油三酯(TG)", "mmol/L", "0-1.7"},
            {"钾(K)", "mmol/L", "3.5-5.3"}};
    private static final String[][] LATIN_ITEMS = {
            {"ALT", "U/L", "9-50"}, {"AST", "U/L", "15-40"}, {"Total bilirubin", "umol/L", "0-21"},
            {"Albumin", "g/L", "40-55"}, {"Creatinine", "umol/L", "57-111"}, {"Urea", "mmol/L", "3.1-8.0"},
            {"Glucose", "mmol/L", "3.9-6.1"}, {"Total cholesterol", "mmol/L", "0-5.2"},
            {"Triglycerides", "mmol/L", "0-1.7"}, {"Potassium", "mmol/L", "3.5-5.3"}};

    private SyntheticReport() {
    }

    /** Whether the report will be Chinese (the CJK font is readable). */
    public static boolean cjk() {
        return Files.isReadable(CJK_FONT);
    }

    /** The keyword on the last page: {@link #CJK_KEYWORD} or {@link #LATIN_KEYWORD}. */
    public static String keyword() {
        return cjk() ? CJK_KEYWORD : LATIN_KEYWORD;
    }

    /** A report of {@code pages} A4 pages, saved with PDFBox's defaults (compressed content streams). */
    public static byte[] pdf(int pages) {
        if (pages < 1) {
            throw new IllegalArgumentException("a report has at least one page: " + pages);
        }
        boolean cjk = cjk();
        try (PDDocument document = new PDDocument();
                TrueTypeCollection collection = cjk ? new TrueTypeCollection(CJK_FONT.toFile()) : null) {
            PDFont font = cjk ? PDType0Font.load(document, firstFont(collection), true)
                    : new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            String[][] items = cjk ? CJK_ITEMS : LATIN_ITEMS;
            for (int p = 1; p <= pages; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    float y = 780;
                    line(content, font, 14, 200, y, cjk ? "示范医院 检验报告单" : "Demo Hospital - Laboratory report");
                    y -= 2 * LEADING;
                    line(content, font, FONT_SIZE, 60, y, cjk
                            ? "姓名：张三   性别：男   年龄：45岁   病历号：20260001   标本：血清   送检科室：心内科"
                            : "Name: Zhang San   Sex: M   Age: 45   Record: 20260001   Sample: serum   Ward: Cardiology");
                    y -= LEADING;
                    line(content, font, FONT_SIZE, 60, y, cjk ? "项目                    结果      单位        参考范围"
                            : "Item                    Result    Unit        Reference");
                    for (int r = 0; r < ROWS_PER_PAGE; r++) {
                        y -= LEADING;
                        String[] item = items[(p * ROWS_PER_PAGE + r) % items.length];
                        String value = String.format(Locale.ROOT, "%.1f", 3 + ((p * 31 + r * 17) % 97) / 2.0);
                        line(content, font, FONT_SIZE, 60, y, item[0]);
                        line(content, font, FONT_SIZE, 230, y, value);
                        line(content, font, FONT_SIZE, 300, y, item[1]);
                        line(content, font, FONT_SIZE, 380, y, item[2]);
                    }
                    if (p == pages) {
                        line(content, font, FONT_SIZE, 60, KEYWORD_BASELINE + 2 * LEADING,
                                cjk ? "检验结果：见上表。本报告仅对所检标本负责。" : "Results: see above.");
                        line(content, font, FONT_SIZE, 60, KEYWORD_BASELINE, cjk ? CJK_KEYWORD : LATIN_KEYWORD);
                        line(content, font, FONT_SIZE, 330, KEYWORD_BASELINE, cjk ? "审核者：" : "Reviewer:");
                    }
                    line(content, font, FONT_SIZE, 270, 40, cjk ? "第 " + p + " 页 / 共 " + pages + " 页"
                            : "Page " + p + " of " + pages);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A round red seal on a transparent square, 496 × 496 px: a 42 mm 院章 at 300 dpi (ring, inner ring, star-like
     * centre), written by ImageIO.
     */
    public static byte[] sealPng() {
        int size = 496;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setColor(new Color(0xD0, 0x10, 0x10));
        graphics.setStroke(new BasicStroke(18));
        graphics.drawOval(12, 12, size - 24, size - 24);
        graphics.setStroke(new BasicStroke(4));
        graphics.drawOval(48, 48, size - 96, size - 96);
        int[] xs = new int[10];
        int[] ys = new int[10];
        for (int i = 0; i < 10; i++) {
            double angle = Math.PI / 2 + i * Math.PI / 5;
            double radius = i % 2 == 0 ? 80 : 32;
            xs[i] = (int) Math.round(size / 2.0 + radius * Math.cos(angle));
            ys[i] = (int) Math.round(size / 2.0 - radius * Math.sin(angle));
        }
        graphics.fillPolygon(xs, ys, 10);
        graphics.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(PDPageContentStream content, PDFont font, float size, float x, float y, String text)
            throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.newLineAtOffset(x, y);
        content.showText(text);
        content.endText();
    }

    private static TrueTypeFont firstFont(TrueTypeCollection collection) throws IOException {
        AtomicReference<TrueTypeFont> first = new AtomicReference<>();
        collection.processAllFonts(font -> first.compareAndSet(null, font));
        return first.get();
    }
}
