package org.medsign.hub.ops.annual;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.medsign.hub.ops.alerts.Severity;
import org.medsign.hub.ops.alerts.SlaCompliance;

/**
 * The annual maintenance summary and health assessment (年度运维总结与系统健康评估) of one calendar year in the
 * hospital's zone, computed from the year's data (nothing stored): every number the report prints, by section.
 *
 * @param complete   false while the year is still running (the figures stop at {@code generatedAt})
 * @param sections   the sections in report order: a stable key and the Chinese title the report prints
 */
public record AnnualReport(int year, String zone, Instant from, Instant to, Instant generatedAt, boolean complete,
                           List<Section> sections, Overview overview, Availability availability, Volumes volumes,
                           Incidents incidents, Renewals renewals, InspectionSummary inspections, Changes changes,
                           HealthScore health) {

    /** A section: stable key (JSON, HTML anchor) and Chinese title. */
    public record Section(String key, String title) {
    }

    /** The report's sections, in order. */
    public static final List<Section> SECTIONS = List.of(
            new Section("overview", "概况"),
            new Section("availability", "可用性"),
            new Section("volumes", "签名业务量"),
            new Section("incidents", "故障与SLA"),
            new Section("renewals", "证书续期与变更"),
            new Section("inspections", "巡检与发现"),
            new Section("changes", "升级与变更"),
            new Section("health", "健康评分"));

    /** 概况: the hub's version now, the nodes that ran in the year, since when the hub keeps its audit chain. */
    public record Overview(String hubVersion, String node, List<String> nodes, Instant observedFrom,
                           Instant observedTo, long auditEvents) {
    }

    /**
     * 可用性: the observed minutes, the minutes of severe outage (union of the SEVERE incidents' detection →
     * restoration intervals), the resulting percentage (null when nothing was observed), and the restarts seen in
     * the audit chain: orderly stops, starts without a stop before them, and the planned downtime (stop → next start
     * of the same node), which is reported but not counted as an outage.
     */
    public record Availability(Double percent, long observedMinutes, long outageMinutes, int severeIncidents,
                               int starts, int stops, int startsWithoutStop, long plannedDowntimeMinutes,
                               String method) {
    }

    /** One system's year: signatures per month, requests received and how many failed or were rejected. */
    public record SystemVolume(String system, long[] signatures, long total, long requests, long failed,
                               long rejected) {
    }

    /** 签名业务量: the months ({@code 2026-01} …), per system and in total. */
    public record Volumes(List<String> months, List<SystemVolume> systems, long[] monthTotals, long signatures,
                          long requests, long failed, long rejected, Double errorRatePercent) {
    }

    /** One quarter's SLA compliance (the SLA report's steps). */
    public record Quarter(String period, int incidents, List<SlaCompliance.Step> steps) {
    }

    /**
     * 故障与SLA: incidents opened in the year per severity, each quarter's compliance, and the year's compliance over
     * every deadline judged (met / (met + missed), null when none was judged).
     */
    public record Incidents(int opened, Map<Severity, Integer> bySeverity, int unresolved, List<Quarter> quarters,
                            int met, int missed, Double compliancePercent) {
    }

    /**
     * 证书续期与变更: renewal campaigns started in the year by state and their items by state, the certificate
     * ledger's changes by action (ISSUED, RENEWED, REVOKED, FROZEN …), and the ACTIVE certificates ending within
     * 30 days of the report that no open campaign holds.
     */
    public record Renewals(Map<String, Integer> campaignsByState, Map<String, Integer> itemsByState,
                           Map<String, Long> certificateChanges, int expiringUncovered) {
    }

    /** One inspection of the year. */
    public record InspectionRun(long id, Instant startedAt, String startedBy, int high, int medium, int low) {
    }

    /** 巡检与发现: the inspections of the year, their findings by grade and by section, the latest run's open findings. */
    public record InspectionSummary(List<InspectionRun> runs, int high, int medium, int low,
                                    Map<String, Integer> findingsBySection, InspectionRun latest) {
    }

    /** A start whose version differs from the node's previous start. */
    public record Upgrade(Instant at, String node, String fromVersion, String toVersion) {
    }

    /** A start that applied Flyway migrations. */
    public record Migration(Instant at, String node, String detail) {
    }

    /**
     * 升级与变更: upgrades, migrations, route loads and reloads, and the configuration changes of the operations log
     * (audit actions) counted by action.
     */
    public record Changes(List<Upgrade> upgrades, List<Migration> migrations, long routeLoads, long routeReloads,
                         Map<String, Long> configurationChanges) {
    }

    /** 健康评分: the score 0–100, its grade, and each component with its points; {@code method} as printed. */
    public record HealthScore(int score, String grade, List<Component> components, String method) {
    }

    /** One component of the score: what it measures, its points out of {@code max}, the basis and the rule. */
    public record Component(String key, String name, int max, double points, String basis, String rule) {
    }
}
