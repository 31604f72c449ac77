package org.medsign.hub.ops.annual;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.medsign.hub.ops.alerts.Severity;
import org.medsign.hub.ops.alerts.SlaCompliance;
import org.medsign.hub.ops.report.BarChart;
import org.medsign.hub.ops.report.ReportHtml;
import org.medsign.hub.ops.report.ReportPdf;

/**
 * The annual report as a document: each section becomes blocks (label/value items, tables, charts, paragraphs),
 * written once and rendered both as HTML ({@link ReportHtml}) and PDF ({@link ReportPdf}), so both carry the same
 * content under the same numbered titles ({@code 1. 概况} …, what pdftotext finds).
 */
final class AnnualReportDocument {

    static final String TITLE = "MedSign Hub 年度运维总结与系统健康评估";

    private sealed interface Block permits Items, Table, Chart, Text {
    }

    private record Items(List<String[]> items) implements Block {
    }

    private record Table(float[] widths, List<String> header, List<List<String>> rows) implements Block {
    }

    private record Chart(String alt, BufferedImage image) implements Block {
    }

    private record Text(String text) implements Block {
    }

    private record Part(String key, String title, List<Block> blocks) {
    }

    private AnnualReportDocument() {
    }

    static String html(AnnualReport report) {
        ReportHtml html = new ReportHtml(TITLE + " " + report.year());
        html.items(header(report));
        for (Part part : parts(report)) {
            html.heading(part.key(), part.title());
            for (Block block : part.blocks()) {
                if (block instanceof Items items) {
                    html.items(items.items());
                } else if (block instanceof Table table) {
                    html.table(table.header(), table.rows());
                } else if (block instanceof Chart chart) {
                    html.image(chart.alt(), chart.image());
                } else if (block instanceof Text text) {
                    html.paragraph(text.text());
                }
            }
        }
        return html.finish("MedSign Hub 根据当年数据自动生成 (GET /api/v1/ops/annual-report?year=" + report.year() + ")。");
    }

    static byte[] pdf(AnnualReport report, Path fontFile) {
        ZoneId zone = ZoneId.of(report.zone());
        return ReportPdf.render(fontFile, TITLE + " " + report.year(), page -> {
            page.footer(TITLE + " " + report.year() + "  生成时间 " + time(report.generatedAt(), zone));
            page.title(TITLE + " " + report.year());
            for (String[] item : header(report)) {
                page.line(item[0] + "：" + item[1]);
            }
            for (Part part : parts(report)) {
                page.gap(6);
                page.heading(part.title());
                for (Block block : part.blocks()) {
                    if (block instanceof Items items) {
                        for (String[] item : items.items()) {
                            page.line(item[0] + "：" + item[1]);
                        }
                    } else if (block instanceof Table table) {
                        page.keep(60);
                        page.row(table.widths(), true, table.header().toArray(String[]::new));
                        for (List<String> row : table.rows()) {
                            page.row(table.widths(), false, row.toArray(String[]::new));
                        }
                        page.gap(4);
                    } else if (block instanceof Chart chart) {
                        page.image(chart.image());
                    } else if (block instanceof Text text) {
                        page.paragraph(text.text());
                    }
                }
            }
        });
    }

    private static List<String[]> header(AnnualReport report) {
        ZoneId zone = ZoneId.of(report.zone());
        List<String[]> items = new ArrayList<>();
        items.add(new String[] {"年度", report.year() + (report.complete() ? "" : "（年度进行中，数据截至生成时）")});
        items.add(new String[] {"统计期间", time(report.from(), zone) + " 至 " + time(report.to(), zone) + "（"
                + report.zone() + "）"});
        items.add(new String[] {"生成时间", time(report.generatedAt(), zone)});
        items.add(new String[] {"健康评分", report.health().score() + " 分（" + report.health().grade() + "）"});
        return items;
    }

    private static List<Part> parts(AnnualReport r) {
        ZoneId zone = ZoneId.of(r.zone());
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < AnnualReport.SECTIONS.size(); i++) {
            AnnualReport.Section section = AnnualReport.SECTIONS.get(i);
            List<Block> blocks = switch (section.key()) {
                case "overview" -> overview(r, zone);
                case "availability" -> availability(r);
                case "volumes" -> volumes(r);
                case "incidents" -> incidents(r);
                case "renewals" -> renewals(r);
                case "inspections" -> inspections(r, zone);
                case "changes" -> changes(r, zone);
                case "health" -> health(r);
                default -> throw new IllegalStateException("no layout for section " + section.key());
            };
            parts.add(new Part(section.key(), numbered(i, section), blocks));
        }
        return parts;
    }

    /** The numbered title of a section, the same in HTML and PDF. */
    static String numbered(int index, AnnualReport.Section section) {
        return (index + 1) + ". " + section.title();
    }

    private static List<Block> overview(AnnualReport r, ZoneId zone) {
        AnnualReport.Overview o = r.overview();
        return List.of(new Items(List.of(
                new String[] {"MedSign Hub 版本（当前）", o.hubVersion()},
                new String[] {"生成报告的节点", o.node()},
                new String[] {"年内运行的节点", o.nodes().isEmpty() ? "—" : String.join("、", o.nodes())},
                new String[] {"观测期间", time(o.observedFrom(), zone) + " 至 " + time(o.observedTo(), zone)},
                new String[] {"年内审计事件", Long.toString(o.auditEvents())},
                new String[] {"签名合计", Long.toString(r.volumes().signatures())},
                new String[] {"故障单合计", Integer.toString(r.incidents().opened())},
                new String[] {"巡检次数", Integer.toString(r.inspections().runs().size())})));
    }

    private static List<Block> availability(AnnualReport r) {
        AnnualReport.Availability a = r.availability();
        return List.of(new Items(List.of(
                new String[] {"可用率", a.percent() == null ? "无观测数据" : String.format("%.3f%%", a.percent())},
                new String[] {"观测时长（分钟）", Long.toString(a.observedMinutes())},
                new String[] {"严重故障中断时长（分钟）", Long.toString(a.outageMinutes())},
                new String[] {"涉及的严重故障单", Integer.toString(a.severeIncidents())},
                new String[] {"启动 / 有序停止", a.starts() + " / " + a.stops()},
                new String[] {"无停止记录的启动（异常重启）", Integer.toString(a.startsWithoutStop())},
                new String[] {"计划停机（分钟，不计入中断）", Long.toString(a.plannedDowntimeMinutes())})),
                new Text("计算方法：" + a.method()));
    }

    private static List<Block> volumes(AnnualReport r) {
        AnnualReport.Volumes v = r.volumes();
        List<String> header = new ArrayList<>(List.of("系统"));
        v.months().forEach(m -> header.add(m.substring(5)));
        header.add("合计");
        float[] widths = new float[14];
        widths[0] = 75;
        Arrays.fill(widths, 1, 13, 30);
        widths[13] = 60;
        List<List<String>> rows = new ArrayList<>();
        for (AnnualReport.SystemVolume s : v.systems()) {
            List<String> row = new ArrayList<>(List.of(s.system()));
            Arrays.stream(s.signatures()).forEach(n -> row.add(Long.toString(n)));
            row.add(Long.toString(s.total()));
            rows.add(row);
        }
        List<String> total = new ArrayList<>(List.of("合计"));
        Arrays.stream(v.monthTotals()).forEach(n -> total.add(Long.toString(n)));
        total.add(Long.toString(v.signatures()));
        rows.add(total);
        List<BarChart.Series> series = new ArrayList<>();
        List<AnnualReport.SystemVolume> shown = v.systems().stream()
                .sorted((a, b) -> Long.compare(b.total(), a.total())).toList();
        int colours = BarChart.PALETTE.size();
        for (int i = 0; i < shown.size() && i < colours - 1; i++) {
            series.add(new BarChart.Series(shown.get(i).system(), BarChart.PALETTE.get(i), shown.get(i).signatures()));
        }
        if (shown.size() > colours - 1) {
            long[] others = new long[12];
            shown.subList(colours - 1, shown.size()).forEach(s -> {
                for (int m = 0; m < 12; m++) {
                    others[m] += s.signatures()[m];
                }
            });
            series.add(new BarChart.Series("others", BarChart.PALETTE.get(colours - 1), others));
        }
        List<String> monthLabels = v.months().stream().map(m -> m.substring(5)).toList();
        List<List<String>> errors = new ArrayList<>();
        for (AnnualReport.SystemVolume s : v.systems()) {
            long attempts = s.requests() + s.rejected();
            errors.add(List.of(s.system(), Long.toString(s.requests()), Long.toString(s.failed()),
                    Long.toString(s.rejected()), attempts == 0 ? "—"
                            : String.format("%.2f%%", 100.0 * (s.failed() + s.rejected()) / attempts)));
        }
        return List.of(new Text("各系统每月签名数（按签名时间）："),
                new Table(widths, header, rows),
                new Chart("signatures per system and month", BarChart.draw("Signatures per month and system (" + r.year()
                        + ")", monthLabels, series, "no signatures in the year")),
                new Text("请求与错误（按受理时间；失败含失败、过期、拒签与死信，拒收为入口拒收的报文）："),
                new Table(new float[] {125, 90, 90, 90, 100}, List.of("系统", "请求", "失败", "拒收", "错误率"), errors),
                new Items(List.<String[]>of(new String[] {"全年错误率", v.errorRatePercent() == null ? "—"
                        : String.format("%.2f%%（请求 %d，失败 %d，拒收 %d）", v.errorRatePercent(), v.requests(),
                        v.failed(), v.rejected())})));
    }

    private static List<Block> incidents(AnnualReport r) {
        AnnualReport.Incidents i = r.incidents();
        List<List<String>> rows = new ArrayList<>();
        for (AnnualReport.Quarter q : i.quarters()) {
            for (SlaCompliance.Step s : q.steps()) {
                rows.add(List.of(q.period(), Integer.toString(q.incidents()), step(s.step()), Integer.toString(s.met()),
                        Integer.toString(s.missed()), Integer.toString(s.open()),
                        s.compliancePercent() == null ? "—" : s.compliancePercent() + "%"));
            }
        }
        return List.of(new Items(List.of(
                        new String[] {"故障单合计", Integer.toString(i.opened())},
                        new String[] {"严重故障", Integer.toString(i.bySeverity().getOrDefault(Severity.SEVERE, 0))},
                        new String[] {"一般故障", Integer.toString(i.bySeverity().getOrDefault(Severity.ORDINARY, 0))},
                        new String[] {"未关闭", Integer.toString(i.unresolved())},
                        new String[] {"全年 SLA 达标率", i.compliancePercent() == null ? "—（无已判定的时限）"
                                : i.compliancePercent() + "%（达标 " + i.met() + "，超时 " + i.missed() + "）"})),
                new Text("各季度 SLA 达标情况（时限：一般故障 30 分钟响应、2 小时恢复；严重故障 15 分钟响应、4 小时恢复、"
                        + "24 小时到场）："),
                new Table(new float[] {70, 55, 60, 55, 55, 60, 140}, List.of("季度", "故障单", "环节", "达标", "超时",
                        "未到期", "达标率"), rows),
                new Text("达标率 = 达标 /（达标 + 超时）；未登记且已过时限的计为超时。"));
    }

    private static List<Block> renewals(AnnualReport r) {
        AnnualReport.Renewals n = r.renewals();
        List<String[]> items = new ArrayList<>();
        items.add(new String[] {"续期批次（年内启动）", n.campaignsByState().isEmpty() ? "0" : counts(n.campaignsByState(),
                AnnualReportDocument::campaignState)});
        items.add(new String[] {"续期条目", n.itemsByState().isEmpty() ? "0" : counts(n.itemsByState(),
                AnnualReportDocument::itemState)});
        items.add(new String[] {"30 天内到期且未纳入续期批次（生成时）", n.expiringUncovered() + " 张"});
        List<List<String>> rows = new ArrayList<>();
        n.certificateChanges().forEach((action, count) -> rows.add(List.of(certificateAction(action), action,
                Long.toString(count))));
        if (rows.isEmpty()) {
            rows.add(List.of("—", "—", "0"));
        }
        return List.of(new Items(items), new Text("证书台账变更（按生命周期事件）："),
                new Table(new float[] {165, 200, 130}, List.of("事件", "代码", "次数"), rows));
    }

    private static List<Block> inspections(AnnualReport r, ZoneId zone) {
        AnnualReport.InspectionSummary s = r.inspections();
        List<List<String>> rows = new ArrayList<>();
        for (AnnualReport.InspectionRun run : s.runs()) {
            rows.add(List.of("#" + run.id(), time(run.startedAt(), zone), run.startedBy(), Integer.toString(run.high()),
                    Integer.toString(run.medium()), Integer.toString(run.low())));
        }
        if (rows.isEmpty()) {
            rows.add(List.of("—", "年内无巡检", "—", "0", "0", "0"));
        }
        List<List<String>> bySection = new ArrayList<>();
        s.findingsBySection().forEach((section, count) -> bySection.add(List.of(section, Integer.toString(count))));
        List<Block> blocks = new ArrayList<>(List.of(new Items(List.of(
                        new String[] {"巡检次数", Integer.toString(s.runs().size())},
                        new String[] {"发现合计", "高 " + s.high() + " 项，中 " + s.medium() + " 项，低 " + s.low() + " 项"},
                        new String[] {"最近一次巡检", s.latest() == null ? "—" : "#" + s.latest().id() + "，"
                                + time(s.latest().startedAt(), zone) + "：高 " + s.latest().high() + "，中 "
                                + s.latest().medium() + "，低 " + s.latest().low()})),
                new Table(new float[] {50, 115, 120, 70, 70, 70}, List.of("巡检", "时间", "执行人", "高", "中", "低"), rows)));
        if (!bySection.isEmpty()) {
            blocks.add(new Text("发现按章节："));
            blocks.add(new Table(new float[] {300, 195}, List.of("章节", "发现数"), bySection));
        }
        return blocks;
    }

    private static List<Block> changes(AnnualReport r, ZoneId zone) {
        AnnualReport.Changes c = r.changes();
        List<List<String>> upgrades = new ArrayList<>();
        c.upgrades().forEach(u -> upgrades.add(List.of(time(u.at(), zone), u.node(), u.fromVersion(), u.toVersion())));
        if (upgrades.isEmpty()) {
            upgrades.add(List.of("—", "—", "—", "年内无版本变化"));
        }
        List<List<String>> migrations = new ArrayList<>();
        c.migrations().forEach(m -> migrations.add(List.of(time(m.at(), zone), m.node(), m.detail())));
        if (migrations.isEmpty()) {
            migrations.add(List.of("—", "—", "年内无数据库迁移"));
        }
        List<List<String>> configuration = new ArrayList<>();
        c.configurationChanges().forEach((action, count) -> configuration.add(List.of(operation(action), action,
                Long.toString(count))));
        if (configuration.isEmpty()) {
            configuration.add(List.of("—", "—", "0"));
        }
        return List.of(new Text("版本升级（启动版本与该节点上次启动不同）："),
                new Table(new float[] {110, 105, 140, 140}, List.of("时间", "节点", "原版本", "新版本"), upgrades),
                new Text("数据库迁移（Flyway）："),
                new Table(new float[] {110, 105, 280}, List.of("时间", "节点", "迁移"), migrations),
                new Items(List.of(new String[] {"启动时加载路由（ROUTES_LOADED）", Long.toString(c.routeLoads())},
                        new String[] {"管理员重新加载路由（ROUTES_RELOAD）", Long.toString(c.routeReloads())})),
                new Text("配置与账号变更（审计链运维日志）："),
                new Table(new float[] {165, 230, 100}, List.of("变更", "审计动作", "次数"), configuration));
    }

    private static List<Block> health(AnnualReport r) {
        AnnualReport.HealthScore h = r.health();
        List<List<String>> rows = new ArrayList<>();
        for (AnnualReport.Component c : h.components()) {
            rows.add(List.of(c.name(), String.format("%.1f / %d", c.points(), c.max()), c.basis(), c.rule()));
        }
        rows.add(List.of("合计", h.score() + " / 100", "评级：" + h.grade(), ""));
        List<String> keys = h.components().stream().map(AnnualReport.Component::key).toList();
        long[] points = h.components().stream().mapToLong(c -> Math.round(c.points())).toArray();
        long[] max = h.components().stream().mapToLong(AnnualReport.Component::max).toArray();
        return List.of(new Items(List.<String[]>of(new String[] {"健康评分", h.score() + " 分（" + h.grade() + "）"})),
                new Text("评分方法：" + h.method()),
                new Table(new float[] {60, 60, 160, 215}, List.of("项目", "得分", "依据", "规则"), rows),
                new Chart("health score components", BarChart.draw("Health score by component (points / maximum)",
                        keys, List.of(new BarChart.Series("points", BarChart.PALETTE.get(2), points),
                                new BarChart.Series("maximum", BarChart.PALETTE.get(7), max)), "no components")));
    }

    private static String counts(Map<String, Integer> counts, java.util.function.Function<String, String> label) {
        List<String> parts = new ArrayList<>();
        counts.forEach((key, count) -> parts.add(label.apply(key) + " " + count));
        return String.join("，", parts);
    }

    private static String step(String step) {
        return switch (step) {
            case "respond" -> "响应";
            case "restore" -> "恢复";
            default -> "到场";
        };
    }

    private static String campaignState(String state) {
        return switch (state) {
            case "PLANNED" -> "计划中";
            case "RUNNING" -> "执行中";
            case "DONE" -> "已完成";
            case "FAILED" -> "有失败";
            default -> state;
        };
    }

    private static String itemState(String state) {
        return switch (state) {
            case "DONE" -> "已续期";
            case "SKIPPED" -> "已跳过";
            case "FAILED" -> "失败";
            case "PLANNED" -> "待执行";
            case "RUNNING" -> "执行中";
            default -> state;
        };
    }

    private static String certificateAction(String action) {
        return switch (action) {
            case "ISSUED" -> "签发";
            case "RENEWED" -> "续期";
            case "REISSUED" -> "补发";
            case "REVOKED" -> "吊销";
            case "FROZEN" -> "冻结";
            case "UNFROZEN" -> "解冻";
            case "SUPERSEDED" -> "被新证书替换";
            case "IMPORTED" -> "导入";
            case "LEDGER_UPDATED" -> "台账更新";
            case "BINDINGS_CHANGED" -> "系统绑定变更";
            default -> action;
        };
    }

    private static String operation(String action) {
        return switch (action) {
            case "SYSTEM_REGISTERED" -> "登记系统";
            case "SYSTEM_ACCOUNTS_MAPPED" -> "系统账号映射";
            case "SIGNING_POLICY_CHANGED" -> "签名策略变更";
            case "SIGNER_KIND_CHANGED" -> "签名人类型变更";
            case "PERMISSION_RULE_CREATED" -> "新增权限规则";
            case "PERMISSION_RULE_CHANGED" -> "修改权限规则";
            case "PERMISSION_RULE_DELETED" -> "删除权限规则";
            case "ADMIN_CREATED" -> "创建管理员";
            case "ADMIN_DISABLED" -> "停用管理员";
            case "ADMIN_PASSWORD_CHANGED" -> "管理员修改口令";
            case "TLS_CLIENT_CERTIFICATE_ISSUED" -> "签发 TLS 客户端证书";
            case "ROUTE_FILE_LOADED" -> "加载路由文件";
            case "ROUTE_FILE_REFUSED" -> "拒绝路由文件";
            default -> action;
        };
    }

    private static String time(Instant instant, ZoneId zone) {
        return instant == null ? "—" : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                .format(instant.atZone(zone));
    }
}
