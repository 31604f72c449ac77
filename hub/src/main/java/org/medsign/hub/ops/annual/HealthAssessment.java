package org.medsign.hub.ops.annual;

import java.util.ArrayList;
import java.util.List;

/**
 * The health score (健康评分) of a year, 0–100, as the sum of six components whose rules are printed in the report
 * (and in docs/operations.md): availability 30, SLA compliance 20, error rate 15, inspections 15 (done 5, open
 * findings 10), certificate management 10, audit chain 10. Grades: 优秀 ≥ 90, 良好 ≥ 75, 一般 ≥ 60, 较差 below.
 */
final class HealthAssessment {

    /** What the score is computed from. */
    record Inputs(Double availabilityPercent, Double slaCompliancePercent, Double errorRatePercent, int inspections,
                  int inspectionsExpected, AnnualReport.InspectionRun latestInspection, int renewalsDone,
                  int renewalsFailed, int expiringUncovered, boolean auditIntact, long auditFailures) {
    }

    static final String METHOD = "健康评分 = 六项得分之和（满分 100）：可用性 30 分、SLA 达标 20 分、业务错误率 15 分、"
            + "巡检 15 分（执行 5 分、发现 10 分）、证书管理 10 分、审计链 10 分。评级：≥90 优秀，≥75 良好，≥60 一般，"
            + "其余较差。各项规则见下表。";

    private HealthAssessment() {
    }

    static AnnualReport.HealthScore score(Inputs in) {
        List<AnnualReport.Component> components = new ArrayList<>();
        Double a = in.availabilityPercent();
        components.add(new AnnualReport.Component("availability", "可用性", 30,
                a == null ? 30 : 30 * clamp((a - 99.0) / (99.9 - 99.0)),
                a == null ? "无观测数据" : String.format("可用率 %.3f%%", a),
                "可用率 ≥ 99.9% 得 30 分，≤ 99% 得 0 分，其间按比例；无观测数据得满分"));
        Double sla = in.slaCompliancePercent();
        components.add(new AnnualReport.Component("sla", "SLA 达标", 20, sla == null ? 20 : 20 * sla / 100,
                sla == null ? "年内无已判定的时限" : String.format("达标率 %.1f%%", sla),
                "20 × 全年各环节（响应、恢复、到场）达标率；无已判定时限得满分"));
        Double errors = in.errorRatePercent();
        components.add(new AnnualReport.Component("errorRate", "业务错误率", 15,
                errors == null ? 15 : 15 * clamp((5.0 - errors) / (5.0 - 0.5)),
                errors == null ? "年内无签名请求" : String.format("错误率 %.2f%%", errors),
                "（失败 + 死信 + 拒收）/（请求 + 拒收）≤ 0.5% 得 15 分，≥ 5% 得 0 分，其间按比例"));
        int expected = Math.max(1, in.inspectionsExpected());
        components.add(new AnnualReport.Component("inspectionsDone", "巡检执行", 5,
                5 * Math.min(1.0, in.inspections() / (double) expected),
                "巡检 " + in.inspections() + " 次，应巡检 " + expected + " 次",
                "每季度一次：5 × min(1, 巡检次数 / 已结束的季度数)"));
        AnnualReport.InspectionRun latest = in.latestInspection();
        components.add(new AnnualReport.Component("findings", "巡检发现", 10,
                latest == null ? 0 : Math.max(0, 10 - 4 * latest.high() - latest.medium()),
                latest == null ? "年内无巡检" : "最近一次巡检 #" + latest.id() + "：高 " + latest.high() + " 项，中 "
                        + latest.medium() + " 项",
                "最近一次巡检：10 − 4 × 高 − 1 × 中，最低 0 分；年内无巡检 0 分"));
        int judged = in.renewalsDone() + in.renewalsFailed();
        double renewed = judged == 0 ? 1 : in.renewalsDone() / (double) judged;
        components.add(new AnnualReport.Component("certificates", "证书管理", 10,
                Math.max(0, 10 * renewed - 2 * in.expiringUncovered()),
                "续期成功 " + in.renewalsDone() + "、失败 " + in.renewalsFailed() + "；30 天内到期且未纳入续期批次 "
                        + in.expiringUncovered() + " 张",
                "10 × 续期成功率（无续期按 100%）− 2 × 30 天内到期且未纳入续期批次的证书数，最低 0 分"));
        components.add(new AnnualReport.Component("auditChain", "审计链", 10,
                !in.auditIntact() ? 0 : in.auditFailures() > 0 ? 5 : 10,
                (in.auditIntact() ? "当前校验完整" : "当前校验失败") + "；年内校验失败 " + in.auditFailures() + " 次",
                "当前完整且年内无校验失败 10 分；当前完整但年内曾失败 5 分；当前不完整 0 分"));
        List<AnnualReport.Component> rounded = components.stream().map(c -> new AnnualReport.Component(c.key(),
                c.name(), c.max(), Math.round(c.points() * 10) / 10.0, c.basis(), c.rule())).toList();
        int score = (int) Math.round(rounded.stream().mapToDouble(AnnualReport.Component::points).sum());
        return new AnnualReport.HealthScore(score, grade(score), rounded, METHOD);
    }

    static String grade(int score) {
        return score >= 90 ? "优秀" : score >= 75 ? "良好" : score >= 60 ? "一般" : "较差";
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
