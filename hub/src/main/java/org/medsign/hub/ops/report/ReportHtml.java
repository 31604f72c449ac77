package org.medsign.hub.ops.report;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;

/**
 * The operations reports' HTML: one self-contained Chinese page (charts as data URIs) built heading by heading, in
 * the same style for every report; every text is escaped.
 */
public final class ReportHtml {

    /** The page's style sheet (also the inspection report's). */
    public static final String STYLE = "body{font-family:'WenQuanYi Micro Hei','Microsoft YaHei',sans-serif;"
            + "margin:2em;color:#222}table{border-collapse:collapse;margin:0.5em 0 1.5em}"
            + "td,th{border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top}"
            + "th{background:#eef}.HIGH{color:#fff;background:#c83a3a}.MEDIUM{background:#f0c040}"
            + ".LOW{background:#dde}";

    private final StringBuilder out = new StringBuilder(16_384);

    /** A page titled {@code title} (also its first heading). */
    public ReportHtml(String title) {
        out.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>").append(esc(title))
                .append("</title>\n<style>").append(STYLE).append("</style></head><body>\n<h1>").append(esc(title))
                .append("</h1>\n");
    }

    /** A section heading with an anchor. */
    public ReportHtml heading(String id, String text) {
        out.append("<h2 id=\"").append(esc(id)).append("\">").append(esc(text)).append("</h2>\n");
        return this;
    }

    /** A paragraph. */
    public ReportHtml paragraph(String text) {
        out.append("<p>").append(esc(text)).append("</p>\n");
        return this;
    }

    /** A two-column table of label → value. */
    public ReportHtml items(List<String[]> items) {
        out.append("<table>");
        for (String[] item : items) {
            out.append("<tr><th>").append(esc(item[0])).append("</th><td>").append(esc(item[1])).append("</td></tr>\n");
        }
        out.append("</table>\n");
        return this;
    }

    /** A table with a header row. */
    public ReportHtml table(List<String> header, List<List<String>> rows) {
        out.append("<table><tr>");
        header.forEach(h -> out.append("<th>").append(esc(h)).append("</th>"));
        out.append("</tr>\n");
        for (List<String> row : rows) {
            out.append("<tr>");
            row.forEach(cell -> out.append("<td>").append(esc(cell)).append("</td>"));
            out.append("</tr>\n");
        }
        out.append("</table>\n");
        return this;
    }

    /** A chart, inline as PNG. */
    public ReportHtml image(String alt, BufferedImage image) {
        out.append("<p><img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(BarChart.png(image))).append("\" width=\"")
                .append(BarChart.WIDTH).append("\"></p>\n");
        return this;
    }

    /** The page, closed with a small print line. */
    public String finish(String smallPrint) {
        out.append("<p><small>").append(esc(smallPrint)).append("</small></p>\n</body></html>\n");
        return out.toString();
    }

    /** {@code text} escaped for HTML text and attributes (null as empty). */
    public static String esc(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
