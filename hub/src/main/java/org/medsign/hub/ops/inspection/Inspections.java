package org.medsign.hub.ops.inspection;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.hub.HubProperties;
import org.medsign.hub.evidence.AuditChainVerification;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.medsign.hub.integration.SystemStatistics;
import org.medsign.hub.lifecycle.campaign.RenewalCampaignRepository;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.ops.BrokerConfiguration;
import org.medsign.hub.ops.ComplianceSections;
import org.medsign.hub.ops.alerts.Alert;
import org.medsign.hub.ops.alerts.Alerts;
import org.medsign.hub.ops.alerts.Incident;
import org.medsign.hub.ops.alerts.Incidents;
import org.medsign.hub.ops.alerts.Severity;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.pki.PkiProperties;
import org.medsign.hub.seal.SealProperties;
import org.medsign.hub.signing.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Service;

/**
 * The inspection (巡检) as a run: {@link #run} collects, in one go, what a service engineer checks on a quarterly
 * remote inspection — versions, uptime, component health, capacity, per-system traffic and error rates, latency,
 * certificate ledger and expiries, CA and TSA certificates, audit chain, evidence records, backups, dead letters,
 * incidents and alerts, security settings — derives the findings (severity and advice, rules in docs/operations.md
 * "Inspection"), writes the Chinese report (HTML and PDF with a chart) and stores it all in {@code ops_inspection}.
 * A part that cannot be collected is reported as such (and as a finding), never fails the run.
 */
@Service
public class Inspections {

    /** The period the traffic, error rates and latencies cover: a quarter. */
    static final Duration PERIOD = Duration.ofDays(90);
    /** Staff certificates ending within this many days are listed (and a finding when no campaign holds them). */
    static final int EXPIRING_DAYS = 60;
    /** CA and TSA certificates ending within this many days are a finding. */
    static final int PKI_EXPIRING_DAYS = 180;
    /** An error rate above this (over at least {@link #MIN_REQUESTS} requests) is a finding. */
    static final double ERROR_RATE = 0.05;
    static final int MIN_REQUESTS = 20;

    private static final Logger log = LoggerFactory.getLogger(Inspections.class);

    private final InspectionRepository inspections;
    private final HubProperties hub;
    private final ObjectProvider<BuildProperties> build;
    private final ObjectProvider<HealthContributorRegistry> health;
    private final SystemStatistics statistics;
    private final MeterRegistry meters;
    private final StaffCertificateRepository certificates;
    private final RenewalCampaignRepository campaigns;
    private final HubPki pki;
    private final PkiProperties pkiProperties;
    private final AuditChainVerification verification;
    private final SignatureRecordRepository signatures;
    private final DeadLetters deadLetters;
    private final Incidents incidents;
    private final Alerts alerts;
    private final ComplianceSections compliance;
    private final SealProperties seal;
    private final ObjectProvider<org.medsign.hub.ops.Backups> backups;
    private final org.medsign.hub.ops.alerts.AlertProperties alertProperties;
    private final Clock clock = Clock.systemUTC();

    public Inspections(InspectionRepository inspections, HubProperties hub, ObjectProvider<BuildProperties> build,
                       ObjectProvider<HealthContributorRegistry> health, SystemStatistics statistics, MeterRegistry meters,
                       StaffCertificateRepository certificates, RenewalCampaignRepository campaigns, HubPki pki,
                       PkiProperties pkiProperties, AuditChainVerification verification,
                       SignatureRecordRepository signatures, DeadLetters deadLetters, Incidents incidents,
                       Alerts alerts, ComplianceSections compliance, SealProperties seal,
                       ObjectProvider<org.medsign.hub.ops.Backups> backups,
                       org.medsign.hub.ops.alerts.AlertProperties alertProperties) {
        this.backups = backups;
        this.alertProperties = alertProperties;
        this.inspections = inspections;
        this.hub = hub;
        this.build = build;
        this.health = health;
        this.statistics = statistics;
        this.meters = meters;
        this.certificates = certificates;
        this.campaigns = campaigns;
        this.pki = pki;
        this.pkiProperties = pkiProperties;
        this.verification = verification;
        this.signatures = signatures;
        this.deadLetters = deadLetters;
        this.incidents = incidents;
        this.alerts = alerts;
        this.compliance = compliance;
        this.seal = seal;
    }

    /** Runs a remote inspection now on behalf of {@code operator}, stores it with its report and returns it. */
    public Inspection run(String operator) {
        return run(Inspection.Kind.REMOTE, operator, null, null);
    }

    /**
     * Runs a semi-annual on-site inspection (半年度现场巡检) now: the same run as the remote one plus the section
     * 现场检查记录 with the engineer's observations, whose ATTENTION and FAIL answers become findings (中 and 高).
     * The answers are checked first ({@link OnsiteChecklist#validate}); when they are refused nothing is run or
     * stored.
     */
    public Inspection runOnsite(String operator, String engineer, List<OnsiteChecklist.Answer> answers) {
        List<OnsiteChecklist.Observation> observations = OnsiteChecklist.validate(engineer, answers);
        return run(Inspection.Kind.ONSITE, operator, engineer.strip(), observations);
    }

    private Inspection run(Inspection.Kind kind, String operator, String engineer,
                           List<OnsiteChecklist.Observation> observations) {
        Instant started = clock.instant();
        Run run = new Run(started);
        run.section("versions", "版本信息", this::versions);
        run.section("uptime", "运行时间", this::uptime);
        run.section("health", "组件健康状态", this::health);
        run.section("capacity", "容量（数据库、消息日志、磁盘）", this::capacity);
        List<TrafficChart.Bar> bars = new ArrayList<>();
        run.section("traffic", "各系统业务量与错误率", r -> traffic(r, bars));
        run.section("latency", "签名时延百分位", this::latency);
        run.section("certificates", "证书台账与即将到期", this::certificates);
        run.section("pki", "CA 与时间戳证书有效期", this::pki);
        run.section("auditChain", "审计链校验", this::auditChain);
        run.section("evidence", "证据记录与续期", this::evidence);
        run.section("backup", "备份", this::backup);
        run.section("deadLetters", "死信队列", this::deadLetters);
        run.section("incidents", "故障与告警", this::incidentsAndAlerts);
        run.section("security", "安全配置", this::security);
        if (kind == Inspection.Kind.ONSITE) {
            run.section(ONSITE_SECTION, ONSITE_SECTION_TITLE, r -> onsite(r, engineer, observations));
        }
        Instant finished = clock.instant();
        InspectionReport.Content content = new InspectionReport.Content(kind, started, finished, operator, engineer,
                hub.node(), run.sections, run.findings, TrafficChart.draw(bars));
        String html = InspectionReport.html(content);
        byte[] pdf = InspectionReport.pdf(content, Path.of(seal.pdfFont()));
        long id = inspections.insert(kind, started, finished, operator, engineer, run.sections, run.findings,
                observations, html, pdf);
        log.info("{} inspection {} by {}: {} sections, {} findings", kind, id, operator, run.sections.size(),
                run.findings.size());
        return new Inspection(id, kind, started, finished, operator, engineer, List.copyOf(run.sections),
                List.copyOf(run.findings), observations == null ? List.of() : observations);
    }

    /** The runs, newest first. */
    public List<InspectionRepository.Listed> list(int limit) {
        return inspections.list(limit);
    }

    public Inspection find(long id) {
        return inspections.find(id).orElseThrow(() -> new InspectionException.Unknown(Long.toString(id)));
    }

    public String html(long id) {
        return inspections.html(id).orElseThrow(() -> new InspectionException.Unknown(Long.toString(id)));
    }

    public byte[] pdf(long id) {
        return inspections.pdf(id).orElseThrow(() -> new InspectionException.Unknown(Long.toString(id)));
    }

    // ---- sections

    /** The key and title of the on-site section (现场检查记录). */
    static final String ONSITE_SECTION = "onsite";
    static final String ONSITE_SECTION_TITLE = "现场检查记录";

    private void onsite(Run r, String engineer, List<OnsiteChecklist.Observation> observations) {
        r.item("现场工程师", engineer);
        List<String> unchecked = new ArrayList<>();
        for (OnsiteChecklist.Item item : OnsiteChecklist.Item.values()) {
            Optional<OnsiteChecklist.Observation> seen = observations.stream().filter(o -> o.item() == item)
                    .findFirst();
            if (seen.isEmpty()) {
                r.item(item.title(), "未检查（" + item.scope() + "）");
                unchecked.add(item.title());
                continue;
            }
            OnsiteChecklist.Observation o = seen.get();
            r.item(item.title(), o.result().label() + "（" + o.result() + "）" + (o.note().isEmpty() ? ""
                    : "：" + o.note()));
            if (o.result() != OnsiteChecklist.Result.OK) {
                r.finding(o.result() == OnsiteChecklist.Result.FAIL ? Finding.Level.HIGH : Finding.Level.MEDIUM,
                        "现场检查“" + item.title() + "”" + o.result().label() + "：" + o.note(), item.advice());
            }
        }
        if (!unchecked.isEmpty()) {
            r.finding(Finding.Level.LOW, unchecked.size() + " 项现场检查未记录：" + String.join("、", unchecked),
                    "下次现场巡检时补查这些项目并记录结果。");
        }
    }

    private void versions(Run r) {
        BuildProperties properties = build.getIfAvailable();
        r.item("MedSign Hub 版本", properties != null && properties.getVersion() != null ? properties.getVersion()
                : Optional.ofNullable(Inspections.class.getPackage().getImplementationVersion()).orElse("development"));
        r.item("构建时间", properties != null && properties.getTime() != null ? InspectionReport.time(properties.getTime())
                : "—");
        r.item("Java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        r.item("操作系统", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        r.item("Spring Boot", Optional.ofNullable(org.springframework.boot.SpringBootVersion.getVersion()).orElse("—"));
        r.item("PDFBox", Optional.ofNullable(org.apache.pdfbox.util.Version.getVersion()).orElse("—"));
        r.item("Artemis 日志类型 journal", BrokerConfiguration.journalType);
        r.item("节点 node", hub.node());
    }

    private void uptime(Run r) {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        Duration up = Duration.ofMillis(runtime.getUptime());
        r.item("启动时间", InspectionReport.time(Instant.ofEpochMilli(runtime.getStartTime())));
        r.item("已运行", up.toDays() + " 天 " + up.toHoursPart() + " 小时 " + up.toMinutesPart() + " 分");
        r.item("处理器 / 最大堆内存", Runtime.getRuntime().availableProcessors() + " / "
                + bytes(Runtime.getRuntime().maxMemory()));
    }

    private void health(Run r) {
        HealthContributorRegistry registry = health.getIfAvailable();
        if (registry == null) {
            r.item("健康检查", "不可用 (actuator health off)");
            return;
        }
        Map<String, Status> statuses = new TreeMap<>();
        registry.stream().forEach(named -> statuses(named.getName(), named.getContributor(), statuses));
        boolean down = statuses.values().stream().anyMatch(s -> Status.DOWN.equals(s)
                || Status.OUT_OF_SERVICE.equals(s));
        r.item("总体 overall", down ? Status.DOWN.getCode() : Status.UP.getCode());
        statuses.forEach((name, status) -> {
            r.item(name, status.getCode());
            if (Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status)) {
                r.finding(Finding.Level.HIGH, "组件 " + name + " 状态为 " + status.getCode(),
                        "立即检查该组件（GET /actuator/health 查看详情），必要时按故障台账登记故障并处理。");
            }
        });
    }

    private static void statuses(String name, HealthContributor contributor, Map<String, Status> into) {
        if (contributor instanceof HealthIndicator indicator) {
            Status status;
            try {
                status = indicator.health().getStatus();
            } catch (RuntimeException e) {
                status = Status.DOWN;
            }
            into.put(name, status);
        } else if (contributor instanceof CompositeHealthContributor composite) {
            composite.stream().forEach(named -> statuses(name + "/" + named.getName(), named.getContributor(), into));
        }
    }

    private void capacity(Run r) throws Exception {
        Path home = hub.home();
        Optional<Long> database = inspections.databaseBytes(home.resolve("db"));
        r.item("数据库大小", database.map(Inspections::bytes).orElse("无法获取"));
        r.item("Artemis 消息日志 (artemis/journal)", InspectionRepository.directoryBytes(home.resolve("artemis")
                .resolve("journal")).map(Inspections::bytes).orElse("无"));
        r.item("Artemis 全部 (artemis/)", InspectionRepository.directoryBytes(home.resolve("artemis"))
                .map(Inspections::bytes).orElse("无"));
        FileStore store = Files.getFileStore(home);
        long total = store.getTotalSpace();
        long usable = store.getUsableSpace();
        double free = total == 0 ? 1 : usable / (double) total;
        r.item("数据目录磁盘", "可用 " + bytes(usable) + " / 共 " + bytes(total) + String.format(" (可用 %.1f%%)",
                free * 100));
        if (free < 0.10) {
            r.finding(Finding.Level.HIGH, String.format("数据目录磁盘可用空间仅 %.1f%%", free * 100),
                    "立即扩容或清理（运维保留策略 medsign.retention.*），磁盘写满将导致签名失败。");
        } else if (free < 0.20) {
            r.finding(Finding.Level.MEDIUM, String.format("数据目录磁盘可用空间 %.1f%%，低于 20%%", free * 100),
                    "在下次巡检前安排扩容，并根据增长趋势评估容量。");
        }
    }

    private void traffic(Run r, List<TrafficChart.Bar> bars) {
        r.item("统计周期", "最近 " + PERIOD.toDays() + " 天（自 " + InspectionReport.time(r.started.minus(PERIOD)) + "）");
        List<SystemStatistics.Stats> stats = statistics.compute(r.started.minus(PERIOD));
        if (stats.isEmpty()) {
            r.item("系统", "无已登记或有业务的系统");
        }
        for (SystemStatistics.Stats s : stats) {
            long errors = s.failed() + s.deadLettered() + s.rejected();
            long attempts = s.received() + s.rejected();
            double rate = attempts == 0 ? 0 : errors / (double) attempts;
            r.item(s.system(), "收到 " + s.received() + "，已签 " + s.signed() + "，待签 " + s.pending() + "，处理中 "
                    + s.inProgress() + "，失败 " + s.failed() + "，死信 " + s.deadLettered() + "，拒收 " + s.rejected()
                    + String.format("，错误率 %.1f%%", rate * 100));
            bars.add(new TrafficChart.Bar(s.system(), s.received(), errors));
            if (attempts >= MIN_REQUESTS && rate > ERROR_RATE) {
                r.finding(Finding.Level.MEDIUM, String.format("系统 %s 错误率 %.1f%%（%d/%d）", s.system(), rate * 100,
                        errors, attempts), "查看该系统的失败与拒收原因（控制台“系统”页、死信），与接口方核对报文与签名人配置。");
            }
        }
    }

    private void latency(Run r) {
        boolean any = false;
        for (SystemStatistics.Stats s : statistics.compute(r.started.minus(PERIOD))) {
            SystemStatistics.Latency l = s.latency();
            if (l == null || l.samples() == 0) {
                continue;
            }
            any = true;
            r.item(s.system() + "（受理至签名，最近 " + l.samples() + " 笔）", String.format(
                    "P50 %.0f ms，P95 %.0f ms，P99 %.0f ms，最大 %.0f ms", l.p50Ms(), l.p95Ms(), l.p99Ms(), l.maxMs()));
        }
        if (!any) {
            r.item("受理至签名", "周期内无签名");
        }
        for (Timer timer : meters.find("medsign.signing.latency").timers()) {
            r.item("同步调用时延 " + timer.getId().getTag("system") + "（自启动）", String.format(
                    "%d 笔，平均 %.0f ms，最大 %.0f ms", timer.count(), timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                    timer.max(java.util.concurrent.TimeUnit.MILLISECONDS)));
        }
    }

    private void certificates(Run r) {
        long total = 0;
        for (Map.Entry<String, Long> state : new TreeMap<>(certificates.countsByStatus()).entrySet()) {
            r.item("状态 " + state.getKey(), Long.toString(state.getValue()));
            total += state.getValue();
        }
        r.item("合计", Long.toString(total));
        var ending = certificates.activeHeldEndingBy(r.started.plus(Duration.ofDays(EXPIRING_DAYS)));
        Set<String> planned = campaigns.serialsInOpenCampaigns();
        long uncovered = ending.stream().filter(e -> !planned.contains(e.serial())).count();
        r.item(EXPIRING_DAYS + " 天内到期（ACTIVE）", ending.size() + " 张，其中未纳入续期批次 " + uncovered + " 张");
        ending.stream().limit(20).forEach(e -> r.item("到期 " + e.serial(), e.staffId() + "，"
                + InspectionReport.time(e.notAfter()) + (planned.contains(e.serial()) ? "（已纳入续期批次）" : "（未纳入续期批次）")));
        if (uncovered > 0) {
            r.finding(Finding.Level.MEDIUM, uncovered + " 张证书将在 " + EXPIRING_DAYS + " 天内到期且未纳入续期批次",
                    "创建续期批次（POST /api/v1/ledger/campaigns，安全管理员）或在控制台证书台账中安排续期，避免到期后无法签名。");
        }
    }

    private void pki(Run r) {
        certificate(r, "根 CA", pki.root());
        certificate(r, "签发 CA", pki.issuing());
        certificate(r, "内置时间戳服务 TSA", pki.embeddedTsa().certificate());
        String external = pkiProperties.externalTsaUrl();
        r.item("签名使用的时间戳服务", external == null || external.isBlank() ? "内置 TSA" : "外部 TSA " + external);
    }

    private void certificate(Run r, String name, X509CertificateHolder certificate) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        long days = Duration.between(r.started, notAfter).toDays();
        r.item(name, DistinguishedNames.toText(certificate.getSubject()) + "，有效期至 " + InspectionReport.time(notAfter)
                + "（剩余 " + days + " 天）");
        if (days < 30) {
            r.finding(Finding.Level.HIGH, name + " 证书将在 " + days + " 天内到期",
                    "立即按 docs/pki.md 更换该证书，否则签名、时间戳或验证将失败。");
        } else if (days < PKI_EXPIRING_DAYS) {
            r.finding(Finding.Level.MEDIUM, name + " 证书将在 " + days + " 天内到期",
                    "在到期前安排证书更换（参见 docs/pki.md），并通知依赖方更新信任锚。");
        }
    }

    private void auditChain(Run r) {
        AuditChainVerification.Outcome outcome = verification.verifyNow();
        r.item("校验时间", InspectionReport.time(outcome.finishedAt()));
        r.item("完整", outcome.result().intact() ? "是" : "否");
        r.item("事件数", Long.toString(outcome.result().events()));
        r.item("节点数 / 锚点数", outcome.result().nodes() + " / " + outcome.result().anchors());
        r.item("结论", outcome.result().summary());
        if (!outcome.result().intact()) {
            r.finding(Finding.Level.HIGH, "审计链校验失败：" + outcome.result().summary(),
                    "立即保全数据库并按安全事件处理：用 medsign audit verify 离线复核，查明篡改或损坏原因。");
        }
    }

    private void evidence(Run r) {
        SignatureRecordRepository.EvidenceSummary summary = signatures.evidenceSummary();
        r.item("证据记录批次", Long.toString(summary.batches()));
        r.item("已覆盖签名", Long.toString(summary.covered()));
        r.item("尚未覆盖签名", Long.toString(summary.uncovered()));
        r.item("最近批次（含续期）", InspectionReport.time(summary.latestBatch()));
        r.item("最早存档时间戳", InspectionReport.time(summary.oldestTimestamp()));
        if (summary.uncovered() > 0 && summary.latestBatch() != null
                && summary.latestBatch().isBefore(r.started.minus(Duration.ofDays(2)))) {
            r.finding(Finding.Level.LOW, summary.uncovered() + " 笔签名尚未被证据记录覆盖，且两天内无新批次",
                    "检查定时任务 evidence-records 是否运行（控制台“任务”），必要时手动执行 POST "
                            + "/api/v1/admin/evidence-records/cover。");
        }
    }

    private void backup(Run r) {
        org.medsign.hub.ops.Backups made = backups.getIfAvailable();
        if (made == null || !made.isH2()) {
            r.item("最近备份", "PostgreSQL：数据库由 pg_dump / pg_basebackup 备份（平台不记录）");
            return;
        }
        java.util.Optional<Instant> last = made.lastSuccess();
        r.item("最近备份", last.map(Instant::toString).orElse("no backup recorded（尚无备份记录）"));
        r.item("保留的备份文件", Integer.toString(made.list().size()));
        if (last.isEmpty()) {
            r.finding(Finding.Level.MEDIUM, "尚无备份记录", "执行 POST /api/v1/ops/backups 或配置 medsign.ops.backup.cron，"
                    + "并将备份文件异地保存（docs/operations.md “Back up and restore”）。");
        } else if (last.get().isBefore(clock.instant().minus(alertProperties.backupMaxAge()))) {
            r.finding(Finding.Level.MEDIUM, "最近一次备份早于 " + alertProperties.backupMaxAge(),
                    "检查定时备份（medsign.ops.backup.cron）是否运行，立即补做一次备份。");
        }
    }

    private void deadLetters(Run r) {
        int count = deadLetters.list(1000).size();
        r.item("签名请求死信", count >= 1000 ? "≥1000" : Integer.toString(count));
        if (count > 0) {
            r.finding(Finding.Level.MEDIUM, count + " 条签名请求在死信队列",
                    "在控制台“失败”页查看原因，修复后重放（POST /api/v1/admin/dead-letters/{messageId}/replay）。");
        }
    }

    private void incidentsAndAlerts(Run r) {
        List<Incident> open = incidents.list(true, 1000);
        r.item("未关闭故障", Integer.toString(open.size()));
        open.stream().limit(20).forEach(i -> r.item("故障 #" + i.id(), i.severity() + "，" + i.title() + "，"
                + InspectionReport.time(i.openedAt())));
        long severe = open.stream().filter(i -> i.severity() == Severity.SEVERE).count();
        if (severe > 0) {
            r.finding(Finding.Level.HIGH, severe + " 个严重故障未关闭", "按合同时限处理并在故障台账中记录恢复、原因分析与复盘。");
        } else if (!open.isEmpty()) {
            r.finding(Finding.Level.MEDIUM, open.size() + " 个故障未关闭", "处理并在故障台账中关闭（原因分析、复盘、优化建议）。");
        }
        List<Alert> firing = alerts.list().stream().filter(a -> a.state() == Alert.State.FIRING).toList();
        r.item("告警中", Integer.toString(firing.size()));
        for (Alert alert : firing) {
            r.item("告警 " + alert.rule(), alert.severity() + "，自 " + InspectionReport.time(alert.since()) + "："
                    + alert.summary());
            r.finding(alert.severity() == Severity.SEVERE ? Finding.Level.HIGH : Finding.Level.MEDIUM,
                    "告警 " + alert.rule() + " 正在告警：" + alert.summary(),
                    "按 docs/operations.md“Alerts”中该规则的处理说明排除原因，告警将自动恢复。");
        }
    }

    private void security(Run r) {
        ComplianceSections.SecurityState state = compliance.securityState();
        r.item("初始口令均已修改", state.passwordsChanged() ? "是" : "否" + (state.unchangedPasswords().isEmpty() ? ""
                : "（未修改：" + String.join("、", state.unchangedPasswords()) + "）"));
        r.item("共享初始口令 (MEDSIGN_ADMIN_PASSWORD)", state.sharedPassword() ? "已配置" : "未配置");
        r.item("演示数据 (medsign.demo.enabled)", state.demoData() ? "开启" : "关闭");
        r.item("HTTPS (medsign.tls.enabled)", state.tls() ? "开启" : "关闭");
        r.item("明文 HTTP 允许外部访问", state.plainHttpOffLoopback() ? "是" : "否");
        r.item("监控指标公开", state.publicMetrics() ? "是" : "否");
        r.item("主密钥口令文件在数据目录", state.bootstrapPasswordFile() ? "是" : "否");
        if (state.demoData()) {
            r.finding(Finding.Level.HIGH, "演示数据已开启（demo data on）",
                    "生产环境关闭 medsign.demo.enabled 并删除演示 API 密钥与演示人员。");
        }
        if (!state.passwordsChanged()) {
            r.finding(Finding.Level.HIGH, "管理员初始口令未全部修改或配置了共享初始口令",
                    "三员分别登录修改口令，并去掉 MEDSIGN_ADMIN_PASSWORD（仅限测试和演示）。");
        }
        if (!state.passwordFiles().isEmpty()) {
            r.finding(Finding.Level.MEDIUM, "初始口令文件仍在数据目录：" + state.passwordFiles(),
                    "修改口令后删除这些文件。");
        }
        if (!state.tls()) {
            r.finding(Finding.Level.MEDIUM, "HTTPS 未开启", "开启 medsign.tls.enabled，明文 HTTP 只监听本机。");
        }
        if (state.plainHttpOffLoopback()) {
            r.finding(Finding.Level.MEDIUM, "明文 HTTP 可从外部访问", "去掉 medsign.tls.allow-plain-http-off-loopback，明文 HTTP 只监听本机。");
        }
        if (state.publicMetrics()) {
            r.finding(Finding.Level.LOW, "/actuator/prometheus 无需认证", "关闭 medsign.security.public-metrics，"
                    + "Prometheus 使用抓取令牌。");
        }
        if (state.bootstrapPasswordFile()) {
            r.finding(Finding.Level.MEDIUM, "主密钥口令文件 secrets/bootstrap-password 与数据库在同一目录",
                    "将该文件离线保存，启动时用 MEDSIGN_BOOTSTRAP_PASSWORD 提供口令。");
        }
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }

    /** One run's accumulating sections and findings. */
    private static final class Run {
        final Instant started;
        final List<InspectionSection> sections = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        private String key;
        private List<InspectionSection.Item> items;

        Run(Instant started) {
            this.started = started;
        }

        interface Collector {
            void collect(Run run) throws Exception;
        }

        void section(String key, String title, Collector collector) {
            this.key = key;
            this.items = new ArrayList<>();
            try {
                collector.collect(this);
            } catch (Exception | LinkageError e) {
                log.warn("inspection: section {} could not be collected", key, e);
                item("采集失败", e.getClass().getSimpleName());
                finding(Finding.Level.MEDIUM, "“" + title + "”无法采集（" + e.getClass().getSimpleName() + "）",
                        "查看 hub 日志中该巡检的告警信息并排除原因后重新巡检。");
            }
            sections.add(new InspectionSection(key, title, List.copyOf(items)));
        }

        void item(String label, String value) {
            items.add(new InspectionSection.Item(label, value == null ? "—" : value));
        }

        void finding(Finding.Level level, String text, String advice) {
            findings.add(new Finding(level, key, text, advice));
        }
    }
}
