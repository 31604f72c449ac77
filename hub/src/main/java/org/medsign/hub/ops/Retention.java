package org.medsign.hub.ops;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Message;
import org.medsign.hub.HubProperties;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.integration.InboundRejections;
import org.medsign.hub.integration.ReplyContextRepository;
import org.medsign.hub.integration.StatusSyncDeliveries;
import org.medsign.hub.jobs.ClusterLocks;
import org.medsign.hub.lifecycle.ledger.CertificateEvents;
import org.medsign.hub.mobile.ActivationCodeRepository;
import org.medsign.hub.mobile.AppSessionRepository;
import org.medsign.hub.mobile.LoginChallengeRepository;
import org.medsign.hub.mobile.WebTicketRepository;
import org.medsign.hub.signing.SigningQueue;
import org.medsign.hub.signing.SigningRequestRepository;
import org.medsign.hub.signing.TaskReminderRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduled clean-up of operational data (清理): document contents of finished requests, sealed original messages
 * of sent results, old rejection records, delivered status changes, old dead letters, ended app sessions, used or
 * expired activation codes, old task reminders, old scan-to-login challenges, expired web tickets, and its own old reports —
 * each after its retention period ({@link RetentionProperties}). Evidence is never touched: signature records, the
 * audit chain and its anchors, certificate history and the CA's records stay. Each run is reported
 * ({@code retention_run}, the audit event {@code RETENTION_CLEANUP} with the counts, and
 * {@code medsign_retention_removed_total{kind}}). The nightly run is on one node of the cluster (the cluster lock
 * {@value #JOB}); a manual run beside it is harmless, the deletes are idempotent.
 */
@Component
public class Retention {

    /** The job's name and cluster lock. */
    public static final String JOB = "retention";
    /** The audit action of a clean-up run. */
    public static final String AUDIT_ACTION = "RETENTION_CLEANUP";
    /** How long the lock outlives a node that died cleaning up. */
    static final Duration LOCK_AT_MOST_FOR = Duration.ofHours(1);
    /** How long the lock stays taken after a nightly run began: a node whose clock is behind does not run it again. */
    static final Duration LOCK_AT_LEAST_FOR = Duration.ofMinutes(10);

    /** Web tickets (JS SDK, hashes) are forgotten one day after their expiry, as {@code mobile.WebTickets} does. */
    static final Duration WEB_TICKETS = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final List<String> DEAD_LETTER_QUEUES = List.of(SigningQueue.DEAD_LETTERS,
            SigningQueue.REPLIES_DEAD_LETTERS, SigningQueue.STATUS_DEAD_LETTERS);

    /** What a run did: per kind of data, how many items were removed (or purged). */
    public record Report(long id, Instant startedAt, Instant finishedAt, String operator, Map<String, Long> removed) {
    }

    private final JdbcClient jdbc;
    private final SigningRequestRepository requests;
    private final ReplyContextRepository replyContexts;
    private final InboundRejections rejections;
    private final StatusSyncDeliveries deliveries;
    private final CertificateEvents certificateEvents;
    private final AppSessionRepository appSessions;
    private final ActivationCodeRepository activationCodes;
    private final TaskReminderRepository taskReminders;
    private final LoginChallengeRepository loginChallenges;
    private final WebTicketRepository webTickets;
    private final JmsTemplate jms;
    private final AuditLog audit;
    private final RetentionProperties properties;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final String node;

    public Retention(JdbcClient jdbc, SigningRequestRepository requests, ReplyContextRepository replyContexts,
                     InboundRejections rejections, StatusSyncDeliveries deliveries,
                     CertificateEvents certificateEvents, AppSessionRepository appSessions,
                     ActivationCodeRepository activationCodes, TaskReminderRepository taskReminders,
                     LoginChallengeRepository loginChallenges, WebTicketRepository webTickets, JmsTemplate jms, AuditLog audit,
                     RetentionProperties properties, TransactionTemplate transactions, MeterRegistry meters,
                     HubProperties hub) {
        this.jdbc = jdbc;
        this.requests = requests;
        this.replyContexts = replyContexts;
        this.rejections = rejections;
        this.deliveries = deliveries;
        this.certificateEvents = certificateEvents;
        this.appSessions = appSessions;
        this.activationCodes = activationCodes;
        this.taskReminders = taskReminders;
        this.loginChallenges = loginChallenges;
        this.webTickets = webTickets;
        this.jms = jms;
        this.audit = audit;
        this.properties = properties;
        this.transactions = transactions;
        this.meters = meters;
        this.node = hub.node();
    }

    /** The scheduled job (cron {@code schedule} in {@code zone}), under the lock {@value #JOB}. */
    void scheduled() {
        ClusterLocks.assertHeld();
        try {
            run("hub");
        } catch (RuntimeException e) {
            log.warn("Retention clean-up failed: {}", e.toString());
        }
    }

    /** Runs the clean-up now for {@code operator} and reports it. */
    public synchronized Report run(String operator) {
        Instant started = Instant.now();
        Map<String, Long> removed = new LinkedHashMap<>();
        transactions.executeWithoutResult(tx -> {
            removed.put("requestContent", properties.requestContent() == null ? 0L : (long) requests
                    .purgeContentFinishedBefore(started.minus(properties.requestContent()), started));
            removed.put("replyOriginals",
                    (long) replyContexts.deleteSentBefore(started.minus(properties.replyOriginals())));
            removed.put("rejections", (long) rejections.deleteBefore(started.minus(properties.rejections())));
            Instant events = started.minus(properties.statusEvents());
            deliveries.deleteOfEvents(certificateEvents.dispatchedBefore(events));
            removed.put("statusEvents", (long) certificateEvents.deleteDispatchedBefore(events));
            removed.put("appSessions", (long) appSessions.deleteEndedBefore(started.minus(properties.appSessions())));
            removed.put("activationCodes",
                    (long) activationCodes.deleteUsedOrExpiredBefore(started.minus(properties.activationCodes())));
            removed.put("taskReminders", (long) taskReminders.deleteBefore(started.minus(properties.taskReminders())));
            removed.put("loginChallenges",
                    (long) loginChallenges.deleteExpiredBefore(started.minus(properties.loginChallenges())));
            // also deleted whenever a ticket is issued; this catches a hub where none has been issued for a while
            removed.put("webTickets", (long) webTickets.deleteExpired(started.minus(WEB_TICKETS)));
            removed.put("reports", (long) jdbc.sql("DELETE FROM retention_run WHERE finished_at < ?")
                    .param(cutoff(started, properties.runs())).update());
        });
        removed.put("deadLetters", purgeDeadLetters(started.minus(properties.deadLetters())));
        Instant finished = Instant.now();
        String summary = removed.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        long id = transactions.execute(tx -> {
            org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.sql("INSERT INTO retention_run (node, started_at, finished_at, operator, report) VALUES (?, ?, ?, ?, ?)")
                    .params(node, Timestamp.from(started), Timestamp.from(finished), operator, summary)
                    .update(key, "id");
            audit.append(AuditEvent.success(operator, operator.equals("hub") ? "SYSTEM" : "SYSTEM_ADMIN",
                    AUDIT_ACTION, null, summary));
            return key.getKey().longValue();
        });
        removed.forEach((kind, count) -> meters.counter("medsign.retention.removed", "kind", kind).increment(count));
        if (removed.values().stream().mapToLong(Long::longValue).sum() > 0) {
            log.info("Retention clean-up: {}", summary);
        }
        return new Report(id, started, finished, operator, removed);
    }

    /** Consumes (deletes) dead-letter messages older than {@code before}; their requests' records stay. */
    private long purgeDeadLetters(Instant before) {
        long purged = 0;
        String selector = "JMSTimestamp < " + before.toEpochMilli();
        for (String queue : DEAD_LETTER_QUEUES) {
            long previousTimeout = jms.getReceiveTimeout();
            jms.setReceiveTimeout(JmsTemplate.RECEIVE_TIMEOUT_NO_WAIT);
            try {
                Message message;
                while ((message = jms.receiveSelected(queue, selector)) != null) {
                    purged++;
                }
            } finally {
                jms.setReceiveTimeout(previousTimeout);
            }
        }
        return purged;
    }

    /** The latest reports, newest first. */
    public List<Map<String, Object>> recent(int limit) {
        return jdbc.sql("SELECT id, node, started_at, finished_at, operator, report FROM retention_run ORDER BY id DESC "
                + "LIMIT ?").param(limit).query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("node", rs.getString(2));
                    row.put("startedAt", rs.getTimestamp(3).toInstant().toString());
                    row.put("finishedAt", rs.getTimestamp(4).toInstant().toString());
                    row.put("operator", rs.getString(5));
                    row.put("report", rs.getString(6));
                    return row;
                }).list();
    }

    /** The configured periods. */
    public RetentionProperties policies() {
        return properties;
    }

    private static Timestamp cutoff(Instant now, Duration keep) {
        return Timestamp.from(now.minus(keep));
    }
}
