package org.medsign.hub.ops.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;

/**
 * The operations reports' PDF (fault report, SLA compliance, annual summary): A4 pages written top to bottom with
 * titles, headings, wrapped paragraphs, bordered table rows and chart images, in the CJK font
 * ({@code medsign.ops.report-font}, default WenQuanYi Micro Hei) embedded as a subset. Without that font the hub
 * refuses ({@code HUB_UNAVAILABLE}, 503) rather than print a report whose Chinese would be missing.
 */
public final class ReportPdf {

    /** The default report font (Debian's fonts-wqy-microhei). */
    public static final String DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
    /** Left and right margin, points. */
    public static final float MARGIN = 50;
    /** The usable width of a page, points. */
    public static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float BODY = 10;

    /** What a report writes on its pages. */
    public interface Content {
        void write(Page page) throws IOException;
    }

    private ReportPdf() {
    }

    /** Writes a report titled {@code title} (the PDF's document title) with {@code fontFile}. */
    public static byte[] render(Path fontFile, String title, Content content) {
        return render(fontFile, title, false, content);
    }

    /**
     * Writes a report; with {@code latinFallback}, a missing font gives a Helvetica report (every CJK character a
     * '?') instead of the 503 — for a report that is made and stored as part of a run (the inspection).
     */
    public static byte[] render(Path fontFile, String title, boolean latinFallback, Content content) {
        boolean readable = Files.isReadable(fontFile);
        if (!readable && !latinFallback) {
            throw new HubException(ErrorCode.HUB_UNAVAILABLE, "the report font " + fontFile.getFileName()
                    + " is not installed (medsign.ops.report-font); install fonts-wqy-microhei");
        }
        try (TrueTypeCollection collection = readable && fontFile.toString().toLowerCase(Locale.ROOT).endsWith(".ttc")
                ? new TrueTypeCollection(fontFile.toFile()) : null;
             PDDocument document = new PDDocument()) {
            PDFont font;
            if (!readable) {
                font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            } else if (collection == null) {
                font = PDType0Font.load(document, fontFile.toFile());
            } else {
                AtomicReference<TrueTypeFont> first = new AtomicReference<>();
                collection.processAllFonts(f -> first.compareAndSet(null, f));
                if (first.get() == null) {
                    throw new IOException("no font in " + fontFile);
                }
                font = PDType0Font.load(document, first.get(), true);
            }
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(title);
            info.setCreator("MedSign Hub");
            Page page = new Page(document, font);
            content.write(page);
            page.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the report could not be written", e);
        }
    }

    /** Writes lines top to bottom on A4 pages, wrapping by the font's widths and starting new pages as needed. */
    public static final class Page {
        private final PDDocument document;
        private final PDFont font;
        private PDPageContentStream stream;
        private float y;
        private String footer;

        Page(PDDocument document, PDFont font) throws IOException {
            this.document = document;
            this.font = font;
            newPage();
        }

        /** The report's title, large, at the top. */
        public void title(String text) throws IOException {
            text(MARGIN, text, 18);
            y -= 30;
        }

        /** A section heading (kept with at least a few lines below it). */
        public void heading(String text) throws IOException {
            y -= 8;
            ensure(40);
            text(MARGIN, text, 12);
            y -= 18;
        }

        /** One line of body text (wrapped when too long). */
        public void line(String text) throws IOException {
            paragraph(text);
        }

        /** Body text, wrapped to the page width; {@code \n} starts a new line. */
        public void paragraph(String text) throws IOException {
            for (String raw : clean(text).split("\n", -1)) {
                for (String wrapped : wrap(raw, WIDTH, BODY)) {
                    ensure(BODY * 1.5f);
                    text(MARGIN, wrapped, BODY);
                    y -= BODY * 1.5f;
                }
            }
        }

        /** One table row of bordered cells, {@code columns} their widths in points (summing to at most WIDTH). */
        public void row(float[] columns, boolean header, String... cells) throws IOException {
            List<List<String>> wrapped = new ArrayList<>();
            int lines = 1;
            for (int c = 0; c < cells.length; c++) {
                List<String> cell = wrap(clean(cells[c]).replace('\n', ' '), columns[c] - 4, BODY);
                wrapped.add(cell);
                lines = Math.max(lines, cell.size());
            }
            float height = lines * BODY * 1.4f + 4;
            ensure(height);
            float x = MARGIN;
            for (int c = 0; c < cells.length; c++) {
                stream.addRect(x, y - height + BODY + 2, columns[c], height);
                x += columns[c];
            }
            stream.stroke();
            x = MARGIN;
            for (int c = 0; c < cells.length; c++) {
                float lineY = y;
                for (String part : wrapped.get(c)) {
                    textAt(x + 2, lineY, part, BODY);
                    lineY -= BODY * 1.4f;
                }
                x += columns[c];
            }
            y -= height;
        }

        /** A chart, scaled to the page width (a new page when it does not fit). */
        public void image(BufferedImage image) throws IOException {
            PDImageXObject xobject = LosslessFactory.createFromImage(document, image);
            float height = WIDTH * xobject.getHeight() / xobject.getWidth();
            y -= 4;
            ensure(height);
            stream.drawImage(xobject, MARGIN, y - height, WIDTH, height);
            y -= height + 8;
        }

        /** A new page unless {@code height} points are left on this one (a table's header with its first rows). */
        public void keep(float height) throws IOException {
            ensure(height);
        }

        /** Vertical space. */
        public void gap(float points) {
            y -= points;
        }

        /** The footer of every page from the current one on (with the page number). */
        public void footer(String text) {
            this.footer = text;
        }

        void close() throws IOException {
            finishPage();
        }

        private void ensure(float height) throws IOException {
            if (y - height < MARGIN + 20) {
                finishPage();
                newPage();
            }
        }

        private void newPage() throws IOException {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            stream.setLineWidth(0.5f);
            y = PDRectangle.A4.getHeight() - MARGIN - 10;
        }

        private void finishPage() throws IOException {
            if (footer != null) {
                textAt(MARGIN, MARGIN - 10, footer + "  第 " + document.getNumberOfPages() + " 页", 8);
            }
            stream.close();
        }

        private void text(float x, String text, float size) throws IOException {
            textAt(x, y, text, size);
        }

        private void textAt(float x, float at, String text, float size) throws IOException {
            if (text.isEmpty()) {
                return;
            }
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(x, at);
            stream.showText(text);
            stream.endText();
        }

        private List<String> wrap(String text, float max, float size) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                String ch = new String(Character.toChars(cp));
                if (!line.isEmpty() && width(line + ch, size) > max) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(ch);
                i += Character.charCount(cp);
            }
            lines.add(line.toString());
            return lines;
        }

        private float width(String text, float size) throws IOException {
            return font.getStringWidth(text) / 1000 * size;
        }

        /** Tabs and control characters as spaces; characters the font lacks as '?'. */
        private String clean(String text) {
            StringBuilder out = new StringBuilder();
            (text == null ? "" : text).replace("\r\n", "\n").codePoints().forEach(cp -> {
                if (cp == '\n') {
                    out.append('\n');
                } else if (Character.isISOControl(cp)) {
                    out.append(' ');
                } else if (!has(cp)) {
                    out.append('?');
                } else {
                    out.appendCodePoint(cp);
                }
            });
            return out.toString();
        }

        private boolean has(int cp) {
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}
