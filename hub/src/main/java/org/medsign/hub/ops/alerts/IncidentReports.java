package org.medsign.hub.ops.alerts;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.medsign.hub.ops.report.ReportPdf;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The fault report (故障报告) of one incident and the SLA compliance report of a period as PDF, in Chinese, with the
 * CJK font ({@code medsign.ops.report-font}, default WenQuanYi Micro Hei) embedded as a subset. Without that font
 * the hub refuses ({@code HUB_UNAVAILABLE}, 503) rather than print a report whose Chinese would be missing.
 */
@Component
public class IncidentReports {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final Path fontFile;
    private final ZoneId zone;
    private final Clock clock = Clock.systemUTC();

    public IncidentReports(@Value("${medsign.ops.report-font:/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}")
                           Path fontFile, AlertProperties properties) {
        this.fontFile = fontFile;
        this.zone = properties.zone();
    }

    /** The fault report of {@code incident}. */
    public byte[] incident(Incident i) {
        Instant now = clock.instant();
        return render("故障报告 #" + i.id(), page -> {
            page.title("故障报告");
            page.line("故障单号：#" + i.id() + "    级别：" + severity(i.severity()) + "    状态：" + state(i.state()));
            page.line("标题：" + i.title());
            page.paragraph("故障描述：" + orDash(i.description()));
            page.heading("一、处理时间线与 SLA 时限");
            float[] cols = {60, 105, 105, 55, 170};
            page.row(cols, true, "环节", "时间", "时限", "结果", "登记人");
            page.row(cols, false, "发现", time(i.detectedAt()), "—", "—", "—");
            page.row(cols, false, "开单", time(i.openedAt()), "—", "—", i.openedBy());
            page.row(cols, false, "响应", time(i.respondedAt()), time(i.respondBy()),
                    verdict(i.respondedInTime(now), i.respondBy()), orDash(i.responder()));
            page.row(cols, false, "到场", time(i.onsiteAt()), time(i.onsiteBy()),
                    verdict(i.onsiteInTime(now), i.onsiteBy()), orDash(i.onsiteEngineer()));
            page.row(cols, false, "恢复", time(i.restoredAt()), time(i.restoreBy()),
                    verdict(i.restoredInTime(now), i.restoreBy()), orDash(i.restorer()));
            page.row(cols, false, "关闭", time(i.resolvedAt()), "—", "—", orDash(i.resolver()));
            page.heading("二、触发告警");
            page.paragraph(i.rule() == null ? "人工开单（" + i.openedBy() + "）" : "告警规则 " + i.rule());
            page.heading("三、原因分析");
            page.paragraph(orDash(i.cause()));
            page.heading("四、复盘");
            page.paragraph(orDash(i.review()));
            page.heading("五、优化建议");
            page.paragraph(orDash(i.advice()));
            page.heading("六、处理记录");
            page.paragraph(orDash(i.notes()));
            page.footer("生成时间 " + time(now) + "（" + zone.getId() + "）  MedSign Hub");
        });
    }

    /** The SLA compliance report of a period. */
    public byte[] sla(SlaCompliance.Report report) {
        Instant now = clock.instant();
        return render("SLA 达标情况 " + report.period(), page -> {
            page.title("SLA 达标情况 " + report.period());
            page.line("统计期间：" + time(report.from()) + " 至 " + time(report.to()) + "（" + report.zone()
                    + "，按开单时间）");
            page.line("故障单合计：" + report.incidents() + "    严重故障：" + report.bySeverity().get(Severity.SEVERE)
                    + "    一般故障：" + report.bySeverity().get(Severity.ORDINARY));
            page.heading("一、各环节达标率");
            float[] cols = {60, 50, 50, 55, 65, 105, 110};
            page.row(cols, true, "环节", "达标", "超时", "未到期", "达标率", "平均用时（分钟）", "最长用时（分钟）");
            for (SlaCompliance.Step s : report.steps()) {
                page.row(cols, false, step(s.step()), String.valueOf(s.met()), String.valueOf(s.missed()),
                        String.valueOf(s.open()), s.compliancePercent() == null ? "—" : s.compliancePercent() + "%",
                        s.meanMinutes() == null ? "—" : String.valueOf(s.meanMinutes()),
                        s.maxMinutes() == null ? "—" : String.valueOf(s.maxMinutes()));
            }
            page.heading("二、故障单明细");
            float[] ledger = {40, 50, 170, 95, 45, 45, 50};
            page.row(ledger, true, "单号", "级别", "标题", "开单时间", "响应", "恢复", "到场");
            for (Incident i : report.ledger()) {
                page.row(ledger, false, "#" + i.id(), severity(i.severity()), i.title(), time(i.openedAt()),
                        verdict(i.respondedInTime(now), i.respondBy()), verdict(i.restoredInTime(now), i.restoreBy()),
                        verdict(i.onsiteInTime(now), i.onsiteBy()));
            }
            if (report.ledger().isEmpty()) {
                page.paragraph("本期间无故障单。");
            }
            page.paragraph("达标率 = 达标 /（达标 + 超时）；未登记且已过时限的计为超时，未登记且未到时限的计为未到期。");
            page.footer("生成时间 " + time(now) + "（" + zone.getId() + "）  MedSign Hub");
        });
    }

    private byte[] render(String title, ReportPdf.Content content) {
        return ReportPdf.render(fontFile, title, content);
    }

    private String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant.atZone(zone));
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }

    private static String severity(Severity severity) {
        return severity == Severity.SEVERE ? "严重故障" : "一般故障";
    }

    private static String state(String state) {
        return switch (state) {
            case "RESOLVED" -> "已关闭";
            case "RESTORED" -> "已恢复";
            case "RESPONDED" -> "已响应";
            default -> "待响应";
        };
    }

    private static String step(String step) {
        return switch (step) {
            case "respond" -> "响应";
            case "restore" -> "恢复";
            default -> "到场";
        };
    }

    /** 达标 / 超时 / 未到期 (open, still in time) / — (no such deadline). */
    private static String verdict(Boolean inTime, Instant deadline) {
        if (deadline == null) {
            return "—";
        }
        return inTime == null ? "未到期" : inTime ? "达标" : "超时";
    }
}
