package org.medsign.hub.ops.inspection;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * The inspection report (巡检报告) in Simplified Chinese: HTML (self-contained, the chart as a data URI) and PDF
 * (PDFBox, the CJK font embedded as a subset, plain text lines and the chart image). Both carry the same content:
 * summary, findings with severity and advice, then every section with its numbered title.
 */
final class InspectionReport {

    /** What the report is made of. */
    record Content(Instant startedAt, Instant finishedAt, String startedBy, String node,
                   List<InspectionSection> sections, List<Finding> findings, BufferedImage chart) {
    }

    static final String TITLE = "MedSign Hub 巡检报告";
    static final String FINDINGS_TITLE = "巡检发现与建议";
    static final String CHART_TITLE = "各系统业务量（巡检周期内）";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneId.of("UTC"));

    private InspectionReport() {
    }

    static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** The numbered title of a section, the same in HTML and PDF (and what pdftotext finds). */
    static String numbered(int index, InspectionSection section) {
        return (index + 1) + ". " + section.title();
    }

    static String html(Content content) {
        StringBuilder out = new StringBuilder(16_384);
        out.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>").append(TITLE)
                .append("</title>\n<style>body{font-family:'WenQuanYi Micro Hei','Microsoft YaHei',sans-serif;"
                        + "margin:2em;color:#222}table{border-collapse:collapse;margin:0.5em 0 1.5em}"
                        + "td,th{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}"
                        + "th{background:#eef}.HIGH{color:#fff;background:#c83a3a}.MEDIUM{background:#f0c040}"
                        + ".LOW{background:#dde}</style></head><body>\n");
        out.append("<h1>").append(TITLE).append("</h1>\n<table>");
        row(out, "节点", content.node());
        row(out, "开始时间", time(content.startedAt()));
        row(out, "结束时间", time(content.finishedAt()));
        row(out, "执行人", content.startedBy());
        row(out, "发现", summary(content.findings()));
        out.append("</table>\n<h2>").append(FINDINGS_TITLE).append("</h2>\n");
        if (content.findings().isEmpty()) {
            out.append("<p>未发现问题。</p>\n");
        } else {
            out.append("<table><tr><th>级别</th><th>章节</th><th>发现</th><th>建议</th></tr>\n");
            for (Finding f : content.findings()) {
                out.append("<tr><td class=\"").append(f.severity().name()).append("\">").append(f.severity().label())
                        .append("</td><td>").append(esc(titleOf(content.sections(), f.section()))).append("</td><td>")
                        .append(esc(f.finding())).append("</td><td>").append(esc(f.advice())).append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
        out.append("<h2>").append(CHART_TITLE).append("</h2>\n<p><img alt=\"traffic per system\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(TrafficChart.png(content.chart()))).append("\" width=\"")
                .append(TrafficChart.WIDTH).append("\"></p>\n");
        for (int i = 0; i < content.sections().size(); i++) {
            InspectionSection section = content.sections().get(i);
            out.append("<h2 id=\"").append(section.key()).append("\">").append(esc(numbered(i, section)))
                    .append("</h2>\n<table>");
            for (InspectionSection.Item item : section.items()) {
                row(out, item.label(), item.value());
            }
            out.append("</table>\n");
        }
        out.append("<p><small>MedSign Hub 自动巡检生成 (POST /api/v1/ops/inspections)。</small></p>\n</body></html>\n");
        return out.toString();
    }

    static byte[] pdf(Content content, Path fontFile) {
        try (PDDocument document = new PDDocument();
             TrueTypeCollection collection = fontFile.toString().toLowerCase(Locale.ROOT).endsWith(".ttc")
                     && Files.isReadable(fontFile) ? new TrueTypeCollection(fontFile.toFile()) : null) {
            PDFont font = font(document, collection, fontFile);
            Writer writer = new Writer(document, font);
            writer.line(TITLE, 18, 8);
            writer.line("节点：" + content.node(), 10, 0);
            writer.line("时间：" + time(content.startedAt()) + " — " + time(content.finishedAt()), 10, 0);
            writer.line("执行人：" + content.startedBy(), 10, 0);
            writer.line("发现：" + summary(content.findings()), 10, 8);
            writer.line(FINDINGS_TITLE, 14, 4);
            if (content.findings().isEmpty()) {
                writer.line("未发现问题。", 10, 0);
            }
            for (Finding f : content.findings()) {
                writer.line("【" + f.severity().label() + "】" + titleOf(content.sections(), f.section()) + "："
                        + f.finding(), 10, 0);
                writer.line("    建议：" + f.advice(), 10, 2);
            }
            writer.gap(8);
            writer.line(CHART_TITLE, 14, 4);
            writer.image(LosslessFactory.createFromImage(document, content.chart()));
            for (int i = 0; i < content.sections().size(); i++) {
                InspectionSection section = content.sections().get(i);
                writer.gap(6);
                writer.line(numbered(i, section), 14, 4);
                for (InspectionSection.Item item : section.items()) {
                    writer.line(item.label() + "：" + item.value(), 10, 0);
                }
            }
            writer.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the inspection report PDF", e);
        }
    }

    private static PDFont font(PDDocument document, TrueTypeCollection collection, Path fontFile) throws IOException {
        if (collection != null) {
            AtomicReference<TrueTypeFont> first = new AtomicReference<>();
            collection.processAllFonts(f -> first.compareAndSet(null, f));
            if (first.get() != null) {
                return PDType0Font.load(document, first.get(), true);
            }
        }
        if (Files.isReadable(fontFile)) {
            return PDType0Font.load(document, fontFile.toFile());
        }
        // no CJK font installed: Latin only, every other character drawn as '?'
        return new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    }

    private static String summary(List<Finding> findings) {
        long high = findings.stream().filter(f -> f.severity() == Finding.Level.HIGH).count();
        long medium = findings.stream().filter(f -> f.severity() == Finding.Level.MEDIUM).count();
        long low = findings.stream().filter(f -> f.severity() == Finding.Level.LOW).count();
        return "高 " + high + " 项，中 " + medium + " 项，低 " + low + " 项";
    }

    private static String titleOf(List<InspectionSection> sections, String key) {
        return sections.stream().filter(s -> s.key().equals(key)).map(InspectionSection::title).findFirst()
                .orElse(key);
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Lines of text down A4 pages, wrapped to the width, a new page when full. */
    private static final class Writer {
        private static final float MARGIN = 50;
        private final PDDocument document;
        private final PDFont font;
        private final Map<Integer, Boolean> drawable = new HashMap<>();
        private PDPageContentStream stream;
        private float y;

        Writer(PDDocument document, PDFont font) throws IOException {
            this.document = document;
            this.font = font;
            newPage();
        }

        private void newPage() throws IOException {
            if (stream != null) {
                stream.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void gap(float points) {
            y -= points;
        }

        void line(String text, float size, float after) throws IOException {
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            for (String part : wrap(clean(text), size, width)) {
                if (y - size * 1.4f < MARGIN) {
                    newPage();
                }
                y -= size * 1.4f;
                stream.beginText();
                stream.setFont(font, size);
                stream.newLineAtOffset(MARGIN, y);
                stream.showText(part);
                stream.endText();
            }
            y -= after;
        }

        void image(PDImageXObject image) throws IOException {
            float width = PDRectangle.A4.getWidth() - 2 * MARGIN;
            float height = width * image.getHeight() / image.getWidth();
            if (y - height < MARGIN) {
                newPage();
            }
            y -= height;
            stream.drawImage(image, MARGIN, y, width, height);
        }

        void close() throws IOException {
            stream.close();
        }

        /** The text with every character the font cannot draw replaced by '?'. */
        private String clean(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> {
                if (cp == '\t' || cp == '\n' || cp == '\r') {
                    out.append(' ');
                    return;
                }
                boolean ok = drawable.computeIfAbsent(cp, c -> {
                    try {
                        font.encode(new String(Character.toChars(c)));
                        return true;
                    } catch (IOException | IllegalArgumentException e) {
                        return false;
                    }
                });
                out.appendCodePoint(ok ? cp : '?');
            });
            return out.toString();
        }

        private List<String> wrap(String text, float size, float width) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            float used = 0;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                String ch = new String(Character.toChars(cp));
                float w = font.getStringWidth(ch) / 1000 * size;
                if (used + w > width && current.length() > 0) {
                    lines.add(current.toString());
                    current.setLength(0);
                    used = 0;
                }
                current.append(ch);
                used += w;
                i += Character.charCount(cp);
            }
            if (current.length() > 0 || lines.isEmpty()) {
                lines.add(current.toString());
            }
            return lines;
        }
    }
}
