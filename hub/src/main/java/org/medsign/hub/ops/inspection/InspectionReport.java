package org.medsign.hub.ops.inspection;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

import org.medsign.hub.ops.report.ReportPdf;

/**
 * The inspection report (巡检报告) in Simplified Chinese: HTML (self-contained, the chart as a data URI) and PDF
 * ({@link ReportPdf}: the CJK font embedded as a subset — Latin only when it is missing, so that the run never fails
 * for a font —, plain text lines and the chart image). Both carry the same content:
 * summary, findings with severity and advice, then every section with its numbered title.
 */
final class InspectionReport {

    /** What the report is made of. */
    record Content(Inspection.Kind kind, Instant startedAt, Instant finishedAt, String startedBy, String engineer,
                   String node, List<InspectionSection> sections, List<Finding> findings, BufferedImage chart) {

        /** The report's title: the remote inspection's, or the semi-annual on-site one's. */
        String title() {
            return kind == Inspection.Kind.ONSITE ? ONSITE_TITLE : TITLE;
        }
    }

    static final String TITLE = "MedSign Hub 巡检报告";
    static final String ONSITE_TITLE = "MedSign Hub 半年度现场巡检报告";
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
        out.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>").append(content.title())
                .append("</title>\n<style>").append(org.medsign.hub.ops.report.ReportHtml.STYLE)
                .append("</style></head><body>\n");
        out.append("<h1>").append(content.title()).append("</h1>\n<table>");
        row(out, "节点", content.node());
        row(out, "开始时间", time(content.startedAt()));
        row(out, "结束时间", time(content.finishedAt()));
        row(out, "执行人", content.startedBy());
        if (content.engineer() != null) {
            row(out, "现场工程师", content.engineer());
        }
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
        String title = content.title();
        return ReportPdf.render(fontFile, title, true, page -> {
            page.footer(title + "  " + time(content.startedAt()));
            page.title(title);
            page.line("节点：" + content.node());
            page.line("时间：" + time(content.startedAt()) + " — " + time(content.finishedAt()));
            page.line("执行人：" + content.startedBy());
            if (content.engineer() != null) {
                page.line("现场工程师：" + content.engineer());
            }
            page.line("发现：" + summary(content.findings()));
            page.heading(FINDINGS_TITLE);
            if (content.findings().isEmpty()) {
                page.line("未发现问题。");
            }
            for (Finding f : content.findings()) {
                page.line("【" + f.severity().label() + "】" + titleOf(content.sections(), f.section()) + "："
                        + f.finding());
                page.line("    建议：" + f.advice());
                page.gap(2);
            }
            page.heading(CHART_TITLE);
            page.image(content.chart());
            for (int i = 0; i < content.sections().size(); i++) {
                InspectionSection section = content.sections().get(i);
                page.heading(numbered(i, section));
                for (InspectionSection.Item item : section.items()) {
                    page.line(item.label() + "：" + item.value());
                }
            }
        });
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
        return org.medsign.hub.ops.report.ReportHtml.esc(text);
    }
}
