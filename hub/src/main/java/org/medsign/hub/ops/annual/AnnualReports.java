package org.medsign.hub.ops.annual;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.audit.AuditRecord;
import org.medsign.hub.HubException;
import org.medsign.hub.HubProperties;
import org.medsign.hub.evidence.AuditChainVerification;
import org.medsign.hub.evidence.AuditSearch;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.medsign.hub.integration.InboundRejections;
import org.medsign.hub.integration.RouteFiles;
import org.medsign.hub.lifecycle.campaign.RenewalCampaignRepository;
import org.medsign.hub.lifecycle.ledger.CertificateHistory;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.ops.Backups;
import org.medsign.hub.ops.CompliancePack;
import org.medsign.hub.ops.OperationsEvents;
import org.medsign.hub.ops.Retention;
import org.medsign.hub.ops.alerts.AlertProperties;
import org.medsign.hub.ops.alerts.Incident;
import org.medsign.hub.ops.alerts.IncidentRepository;
import org.medsign.hub.ops.alerts.Severity;
import org.medsign.hub.ops.alerts.SlaCompliance;
import org.medsign.hub.ops.inspection.Finding;
import org.medsign.hub.ops.inspection.InspectionRepository;
import org.medsign.hub.signing.SigningRequestRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The annual maintenance summary and health assessment (年度运维总结与系统健康评估): computed on demand from the
 * year's data — signatures and requests, the fault ledger and its SLA, renewal campaigns and the certificate history,
 * inspections, and the operations events of the audit chain — every count aggregated in SQL over the year's bounds
 * in the hospital's zone ({@code medsign.ops.alerts.zone}); nothing is stored. Rendered as JSON, HTML and PDF
 * ({@link AnnualReportDocument}).
 */
@Service
public class AnnualReports {

    /** The first year a report can be asked for. */
    static final int FIRST_YEAR = 2000;
    /** At most this many operations events (starts, stops, migrations) of a year are read. */
    static final int MAX_EVENTS = 10_000;
    /** The findings of at most this many inspections of a year (the newest) are read for the per-section counts. */
    static final int MAX_INSPECTIONS_READ = 50;
    /** Certificates ending within this many days without an open campaign cost points. */
    static final int EXPIRING_DAYS = 30;

    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern VERSION = Pattern.compile("version=(\\S+)");
    private static final Set<String> NOT_CONFIGURATION = Set.of(OperationsEvents.STARTED, OperationsEvents.STOPPED,
            OperationsEvents.MIGRATIONS_APPLIED, RouteFiles.LOADED_AT_START, "ROUTES_RELOAD", "AUDIT_VERIFY",
            CompliancePack.EXPORTED, Backups.AUDIT_ACTION, Retention.AUDIT_ACTION);
    private static final Logger log = LoggerFactory.getLogger(AnnualReports.class);

    private final ZoneId zone;
    private final HubProperties hub;
    private final OperationsEvents operations;
    private final SignatureRecordRepository signatures;
    private final SigningRequestRepository requests;
    private final InboundRejections rejections;
    private final IncidentRepository incidents;
    private final SlaCompliance sla;
    private final RenewalCampaignRepository campaigns;
    private final CertificateHistory certificateHistory;
    private final StaffCertificateRepository certificates;
    private final InspectionRepository inspections;
    private final AuditSearch audit;
    private final AuditChainVerification verification;
    private final Path fontFile;
    private final Clock clock = Clock.systemUTC();

    public AnnualReports(AlertProperties alertProperties, HubProperties hub, OperationsEvents operations,
                         SignatureRecordRepository signatures, SigningRequestRepository requests,
                         InboundRejections rejections, IncidentRepository incidents, SlaCompliance sla,
                         RenewalCampaignRepository campaigns, CertificateHistory certificateHistory,
                         StaffCertificateRepository certificates, InspectionRepository inspections, AuditSearch audit,
                         AuditChainVerification verification,
                         @Value("${medsign.ops.report-font:/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}")
                         Path fontFile) {
        this.zone = alertProperties.zone();
        this.hub = hub;
        this.operations = operations;
        this.signatures = signatures;
        this.requests = requests;
        this.rejections = rejections;
        this.incidents = incidents;
        this.sla = sla;
        this.campaigns = campaigns;
        this.certificateHistory = certificateHistory;
        this.certificates = certificates;
        this.inspections = inspections;
        this.audit = audit;
        this.verification = verification;
        this.fontFile = fontFile;
    }

    /** Parses a year ({@code 2026}): four digits, from {@value #FIRST_YEAR} to the current year; else 400. */
    public int year(String value) {
        String text = value == null ? "" : value.trim();
        int current = Year.now(clock.withZone(zone)).getValue();
        if (!YEAR.matcher(text).matches() || Integer.parseInt(text) < FIRST_YEAR || Integer.parseInt(text) > current) {
            throw new HubException(ErrorCode.INVALID_REQUEST, "year must be a year from " + FIRST_YEAR + " to "
                    + current + " (YYYY, e.g. " + current + ")");
        }
        return Integer.parseInt(text);
    }

    /** The report of {@code year} ({@code YYYY}). */
    public AnnualReport report(String year) {
        return build(year(year));
    }

    /** The report of {@code year} as HTML (Chinese, self-contained). */
    public String html(String year) {
        AnnualReport report = report(year);
        return AnnualReportDocument.html(report);
    }

    /** The report of {@code year} as PDF (Chinese, with the charts). */
    public byte[] pdf(String year) {
        AnnualReport report = report(year);
        return AnnualReportDocument.pdf(report, fontFile);
    }

    private AnnualReport build(int year) {
        Instant now = clock.instant();
        Instant from = LocalDate.of(year, 1, 1).atStartOfDay(zone).toInstant();
        Instant to = LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toInstant();
        boolean complete = !now.isBefore(to);
        Instant until = complete ? to : now;

        Map<String, Long> actions = new TreeMap<>();
        long auditFailures = 0;
        for (AuditSearch.ActionCount count : audit.countByAction(from, to)) {
            actions.merge(count.action(), count.count(), Long::sum);
            if (count.action().equals("AUDIT_VERIFY") && !"SUCCESS".equals(count.outcome())) {
                auditFailures += count.count();
            }
        }
        // observed from the hub's first record (audit event or detected outage), not before the year
        List<Incident> severe = incidents.severeOverlapping(from, until);
        Instant firstRecord = audit.firstEventTime().orElse(until);
        for (Incident incident : severe) {
            firstRecord = incident.detectedAt().isBefore(firstRecord) ? incident.detectedAt() : firstRecord;
        }
        Instant observedFrom = firstRecord.isAfter(from) ? firstRecord.isAfter(until) ? until : firstRecord : from;
        List<AuditRecord> lifecycle = audit.between(List.of(OperationsEvents.STARTED, OperationsEvents.STOPPED,
                OperationsEvents.MIGRATIONS_APPLIED), from, to, MAX_EVENTS);

        Set<String> nodes = new TreeSet<>();
        lifecycle.forEach(e -> nodes.add(e.node()));
        if (!complete) {
            nodes.add(hub.node());
        }
        AnnualReport.Overview overview = new AnnualReport.Overview(operations.version(), hub.node(),
                List.copyOf(nodes), observedFrom, until, actions.values().stream().mapToLong(Long::longValue).sum());

        AnnualReport.Availability availability = availability(observedFrom, until, severe, lifecycle);
        AnnualReport.Volumes volumes = volumes(year, from, to);
        AnnualReport.Incidents incidentSummary = incidents(year, from, to, now);
        AnnualReport.Renewals renewals = renewals(from, to, now);
        AnnualReport.InspectionSummary inspectionSummary = inspections(from, to);
        AnnualReport.Changes changes = changes(from, lifecycle, actions);

        AuditChainVerification.Outcome chain = verification.last().orElseGet(verification::verifyNow);
        int ended = 0;
        for (int q = 1; q <= 4; q++) {
            if (!LocalDate.of(year, 3 * q - 2, 1).plusMonths(3).atStartOfDay(zone).toInstant().isAfter(now)) {
                ended++;
            }
        }
        AnnualReport.HealthScore health = HealthAssessment.score(new HealthAssessment.Inputs(
                availability.percent(), incidentSummary.compliancePercent(), volumes.errorRatePercent(),
                inspectionSummary.runs().size(), ended, inspectionSummary.latest(),
                renewals.itemsByState().getOrDefault("DONE", 0), renewals.itemsByState().getOrDefault("FAILED", 0),
                renewals.expiringUncovered(), chain.result().intact(), auditFailures));
        log.info("annual report {}: {} signatures, {} incidents, {} inspections, health {}", year,
                volumes.signatures(), incidentSummary.opened(), inspectionSummary.runs().size(), health.score());
        return new AnnualReport(year, zone.getId(), from, to, now, complete, AnnualReport.SECTIONS, overview,
                availability, volumes, incidentSummary, renewals, inspectionSummary, changes, health);
    }

    static final String AVAILABILITY_METHOD = "可用率 = 1 − 严重故障中断时长 / 观测时长。观测时长自当年 1 月 1 日（或 hub "
            + "最早的记录——审计事件或严重故障的发现时间——取较晚者）至年末（或报告生成时）；严重故障中断时长为年内各 SEVERE 故障单自发现至恢复"
            + "（未登记恢复的取关闭时间，仍未恢复的计至观测结束）区间的并集。有序停止（HUB_STOPPED）至同一节点再次启动"
            + "（HUB_STARTED）的计划停机单独列出，不计入中断；无停止记录的启动（异常重启）计数列出，其中断以故障单为准。";

    private AnnualReport.Availability availability(Instant from, Instant until, List<Incident> severe,
                                                   List<AuditRecord> lifecycle) {
        List<Instant[]> intervals = new ArrayList<>();
        for (Incident i : severe) {
            Instant end = i.restoredAt() != null ? i.restoredAt() : i.resolvedAt() != null ? i.resolvedAt() : until;
            Instant start = i.detectedAt().isBefore(from) ? from : i.detectedAt();
            Instant stop = end.isAfter(until) ? until : end;
            if (stop.isAfter(start)) {
                intervals.add(new Instant[] {start, stop});
            }
        }
        intervals.sort((x, y) -> x[0].compareTo(y[0]));
        long outage = 0;
        Instant coveredTo = null;
        for (Instant[] interval : intervals) {
            Instant start = coveredTo != null && coveredTo.isAfter(interval[0]) ? coveredTo : interval[0];
            if (interval[1].isAfter(start)) {
                outage += Duration.between(start, interval[1]).toMillis();
                coveredTo = interval[1];
            }
        }
        int starts = 0;
        int stops = 0;
        int unclean = 0;
        long planned = 0;
        Map<String, AuditRecord> previous = new HashMap<>();
        for (AuditRecord event : lifecycle) {
            if (event.action().equals(OperationsEvents.STARTED)) {
                starts++;
                AuditRecord before = previous.get(event.node());
                if (before != null && before.action().equals(OperationsEvents.STOPPED)) {
                    planned += Duration.between(before.time(), event.time()).toMillis();
                } else if (before != null) {
                    unclean++;
                }
                previous.put(event.node(), event);
            } else if (event.action().equals(OperationsEvents.STOPPED)) {
                stops++;
                previous.put(event.node(), event);
            }
        }
        long observed = Math.max(0, Duration.between(from, until).toMillis());
        Double percent = observed == 0 ? null
                : Math.round(100_000.0 * (1 - outage / (double) observed)) / 1000.0;
        return new AnnualReport.Availability(percent, observed / 60_000, Math.round(outage / 60_000.0),
                severe.size(), starts, stops, unclean, Math.round(planned / 60_000.0), AVAILABILITY_METHOD);
    }

    private AnnualReport.Volumes volumes(int year, Instant from, Instant to) {
        List<String> months = new ArrayList<>();
        List<Instant> bounds = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            months.add(String.format("%d-%02d", year, m));
            bounds.add(LocalDate.of(year, m, 1).atStartOfDay(zone).toInstant());
        }
        bounds.add(to);
        Map<String, long[]> perMonth = signatures.countBySystemIn(bounds);
        Map<String, long[]> perStatus = new TreeMap<>();
        for (SigningRequestRepository.StatusCount row : requests.countsBySystemAndStatus(from, to)) {
            long[] counts = perStatus.computeIfAbsent(row.systemId(), s -> new long[2]);
            counts[0] += row.count();
            if (List.of("FAILED", "REJECTED", "EXPIRED", "DEAD_LETTER").contains(row.status())) {
                counts[1] += row.count();
            }
        }
        Map<String, Long> rejected = rejections.countBySystem(from, to);
        Set<String> systems = new TreeSet<>(perMonth.keySet());
        systems.addAll(perStatus.keySet());
        systems.addAll(rejected.keySet());
        List<AnnualReport.SystemVolume> rows = new ArrayList<>();
        long[] totals = new long[12];
        long all = 0;
        long received = 0;
        long failed = 0;
        long refused = 0;
        for (String system : systems) {
            long[] signed = perMonth.getOrDefault(system, new long[12]);
            long sum = 0;
            for (int m = 0; m < 12; m++) {
                totals[m] += signed[m];
                sum += signed[m];
            }
            long[] status = perStatus.getOrDefault(system, new long[2]);
            long r = rejected.getOrDefault(system, 0L);
            rows.add(new AnnualReport.SystemVolume(system, signed, sum, status[0], status[1], r));
            all += sum;
            received += status[0];
            failed += status[1];
            refused += r;
        }
        Double rate = received + refused == 0 ? null
                : Math.round(10_000.0 * (failed + refused) / (received + refused)) / 100.0;
        return new AnnualReport.Volumes(months, rows, totals, all, received, failed, refused, rate);
    }

    private AnnualReport.Incidents incidents(int year, Instant from, Instant to, Instant now) {
        List<AnnualReport.Quarter> quarters = new ArrayList<>();
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity, 0);
        }
        int opened = 0;
        int unresolved = 0;
        int met = 0;
        int missed = 0;
        for (int q = 1; q <= 4; q++) {
            if (LocalDate.of(year, 3 * q - 2, 1).atStartOfDay(zone).toInstant().isAfter(now)) {
                break;
            }
            SlaCompliance.Report report = sla.report(year + "-Q" + q);
            quarters.add(new AnnualReport.Quarter(report.period(), report.incidents(), report.steps()));
            opened += report.incidents();
            report.bySeverity().forEach((severity, count) -> bySeverity.merge(severity, count, Integer::sum));
            unresolved += (int) report.ledger().stream().filter(i -> i.resolvedAt() == null).count();
            for (SlaCompliance.Step step : report.steps()) {
                met += step.met();
                missed += step.missed();
            }
        }
        Double percent = met + missed == 0 ? null : Math.round(1000.0 * met / (met + missed)) / 10.0;
        return new AnnualReport.Incidents(opened, bySeverity, unresolved, quarters, met, missed, percent);
    }

    private AnnualReport.Renewals renewals(Instant from, Instant to, Instant now) {
        Set<String> planned = campaigns.serialsInOpenCampaigns();
        int uncovered = (int) certificates.activeHeldEndingBy(now.plus(Duration.ofDays(EXPIRING_DAYS))).stream()
                .filter(e -> !planned.contains(e.serial())).count();
        return new AnnualReport.Renewals(campaigns.startedBetween(from, to),
                campaigns.itemsOfCampaignsStartedBetween(from, to), certificateHistory.countByAction(from, to),
                uncovered);
    }

    private AnnualReport.InspectionSummary inspections(Instant from, Instant to) {
        List<AnnualReport.InspectionRun> runs = inspections.startedBetween(from, to).stream()
                .map(l -> new AnnualReport.InspectionRun(l.id(), l.startedAt(), l.startedBy(), l.high(), l.medium(),
                        l.low())).toList();
        int high = runs.stream().mapToInt(AnnualReport.InspectionRun::high).sum();
        int medium = runs.stream().mapToInt(AnnualReport.InspectionRun::medium).sum();
        int low = runs.stream().mapToInt(AnnualReport.InspectionRun::low).sum();
        AnnualReport.InspectionRun latest = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        Map<String, String> titles = new HashMap<>();
        if (latest != null) {
            inspections.find(latest.id()).ifPresent(run -> run.sections()
                    .forEach(s -> titles.put(s.key(), s.title())));
        }
        Map<String, Integer> bySection = new LinkedHashMap<>();
        for (AnnualReport.InspectionRun run : runs.subList(Math.max(0, runs.size() - MAX_INSPECTIONS_READ),
                runs.size())) {
            for (Finding finding : inspections.findings(run.id())) {
                bySection.merge(titles.getOrDefault(finding.section(), finding.section()), 1, Integer::sum);
            }
        }
        return new AnnualReport.InspectionSummary(runs, high, medium, low, bySection, latest);
    }

    private AnnualReport.Changes changes(Instant from, List<AuditRecord> lifecycle, Map<String, Long> actions) {
        List<AnnualReport.Upgrade> upgrades = new ArrayList<>();
        List<AnnualReport.Migration> migrations = new ArrayList<>();
        Map<String, String> versionOf = new HashMap<>();
        audit.lastBefore(OperationsEvents.STARTED, from)
                .ifPresent(e -> versionOf.put(e.node(), version(e.detail())));
        for (AuditRecord event : lifecycle) {
            if (event.action().equals(OperationsEvents.STARTED)) {
                String version = version(event.detail());
                String before = versionOf.put(event.node(), version);
                if (before != null && !before.equals(version)) {
                    upgrades.add(new AnnualReport.Upgrade(event.time(), event.node(), before, version));
                }
            } else if (event.action().equals(OperationsEvents.MIGRATIONS_APPLIED)) {
                migrations.add(new AnnualReport.Migration(event.time(), event.node(), event.detail()));
            }
        }
        Map<String, Long> configuration = new TreeMap<>();
        for (String action : CompliancePack.OPERATIONS_ACTIONS) {
            if (!NOT_CONFIGURATION.contains(action) && actions.getOrDefault(action, 0L) > 0) {
                configuration.put(action, actions.get(action));
            }
        }
        return new AnnualReport.Changes(upgrades, migrations, actions.getOrDefault(RouteFiles.LOADED_AT_START, 0L),
                actions.getOrDefault("ROUTES_RELOAD", 0L), configuration);
    }

    private static String version(String detail) {
        Matcher matcher = VERSION.matcher(detail == null ? "" : detail);
        return matcher.find() ? matcher.group(1) : "unknown";
    }
}
