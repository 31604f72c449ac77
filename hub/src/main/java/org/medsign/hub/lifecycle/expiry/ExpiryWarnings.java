package org.medsign.hub.lifecycle.expiry;

import org.medsign.hub.lifecycle.CertificateState;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.jobs.ClusterLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The expiry scan (到期提醒): finds active certificates within the largest threshold, raises one warning per
 * (certificate, threshold) — the smallest threshold the certificate has reached, so a certificate first seen 10 days
 * before expiry is warned at 15, not at 60 and 30 as well — and delivers it by webhook and e-mail. The warning row is
 * inserted before anything is sent and its key is (serial, threshold), so with several nodes scanning each
 * threshold is still notified once (the scheduled scan runs on one node at a time, the cluster lock {@value #JOB});
 * a delivery that fails is tried again at the next scan, up to
 * {@code maxAttempts}. Gauges {@code medsign.certificates.expiring{bucket}}: active certificates by days left
 * ({@code expired}, then each threshold: days left ≤ it and above the next smaller one).
 */
@Component
public class ExpiryWarnings {

    /** The job's name and cluster lock. */
    public static final String JOB = "expiry-scan";
    /** How long the lock outlives a node that died scanning (deliveries have their own timeouts). */
    public static final Duration LOCK_AT_MOST_FOR = Duration.ofMinutes(30);

    private static final Logger log = LoggerFactory.getLogger(ExpiryWarnings.class);

    /** What a scan did. */
    public record ScanReport(int certificatesInWindow, int newWarnings, int delivered, int failed) {
    }

    private final JdbcClient jdbc;
    private final ExpiryProperties properties;
    private final ExpiryNotifier notifier;
    private final AuditLog audit;
    private final Map<String, AtomicLong> buckets = new LinkedHashMap<>();
    private final Counter deliveredCounter;
    private final Counter failedCounter;

    public ExpiryWarnings(JdbcClient jdbc, ExpiryProperties properties, ExpiryNotifier notifier, AuditLog audit,
                          MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.notifier = notifier;
        this.audit = audit;
        buckets.put("expired", new AtomicLong());
        for (Integer threshold : properties.thresholds()) {
            buckets.put(Integer.toString(threshold), new AtomicLong());
        }
        buckets.forEach((bucket, value) -> Gauge.builder("medsign.certificates.expiring", value, AtomicLong::get)
                .tag("bucket", bucket).description("active certificates by days left until expiry")
                .register(meters));
        deliveredCounter = Counter.builder("medsign.expiry.notifications").tag("outcome", "delivered")
                .register(meters);
        failedCounter = Counter.builder("medsign.expiry.notifications").tag("outcome", "failed").register(meters);
    }

    /** The scheduled job (every {@code scan-interval}), under the lock {@value #JOB}. */
    public void scheduledScan() {
        ClusterLocks.assertHeld();
        try {
            ScanReport report = scan(Instant.now());
            if (report.newWarnings() > 0 || report.failed() > 0) {
                log.info("Expiry scan: {} certificates within {} days, {} new warnings, {} delivered, {} failed",
                        report.certificatesInWindow(), properties.horizonDays(), report.newWarnings(),
                        report.delivered(), report.failed());
            }
        } catch (RuntimeException e) {
            log.warn("Expiry scan failed: {}", e.toString());
        }
    }

    /** Scans now: raises new warnings, delivers what is pending, refreshes the gauges. */
    public synchronized ScanReport scan(Instant now) {
        List<Object[]> window = jdbc.sql("SELECT serial, staff_id, not_after FROM staff_certificate WHERE status = ? "
                        + "AND staff_id IS NOT NULL AND not_after <= ? ORDER BY not_after")
                .params(CertificateState.ACTIVE.name(), Timestamp.from(now.plus(Duration.ofDays(properties.horizonDays()))))
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()})
                .list();
        refreshBuckets(window, now);
        int raised = 0;
        int inWindow = 0;
        for (Object[] row : window) {
            Instant notAfter = (Instant) row[2];
            if (!notAfter.isAfter(now)) {
                continue; // expired: the inventory's business, not a warning
            }
            inWindow++;
            int daysLeft = (int) Duration.between(now, notAfter).toDays();
            Integer threshold = reached(daysLeft);
            if (threshold != null && raise((String) row[0], threshold, (String) row[1], notAfter, daysLeft, now)) {
                raised++;
            }
        }
        int[] delivery = deliverPending();
        return new ScanReport(inWindow, raised, delivery[0], delivery[1]);
    }

    /** The smallest threshold with {@code daysLeft <= threshold}, or null. */
    private Integer reached(int daysLeft) {
        Integer reached = null;
        for (Integer threshold : properties.thresholds()) {
            if (daysLeft <= threshold) {
                reached = threshold;
            }
        }
        return reached;
    }

    private boolean raise(String serial, int threshold, String staffId, Instant notAfter, int daysLeft, Instant now) {
        String email = jdbc.sql("SELECT email FROM staff WHERE staff_id = ?").param(staffId).query(String.class)
                .optional().orElse(null);
        try {
            jdbc.sql("INSERT INTO expiry_warning (serial, threshold_days, staff_id, not_after, days_left, created_at, "
                            + "webhook_state, email_state, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")
                    .params(serial, threshold, staffId, Timestamp.from(notAfter), daysLeft, Timestamp.from(now),
                            notifier.hasWebhook() ? "PENDING" : "NONE", notifier.hasEmail(email) ? "PENDING" : "NONE")
                    .update();
        } catch (DuplicateKeyException already) {
            return false;
        }
        audit.append(AuditEvent.success("hub", "SYSTEM", "CERTIFICATE_EXPIRY_WARNING", serial,
                "threshold " + threshold + " days, " + daysLeft + " days left, holder " + staffId));
        return true;
    }

    /** Delivers warnings whose webhook or e-mail is pending or failed; returns {delivered, failed}. */
    private int[] deliverPending() {
        List<Object[]> pending = jdbc.sql("SELECT serial, threshold_days, attempts FROM expiry_warning WHERE "
                        + "(webhook_state IN ('PENDING', 'FAILED') OR email_state IN ('PENDING', 'FAILED')) "
                        + "AND attempts < ? ORDER BY created_at").param(properties.maxAttempts())
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getInt(3)}).list();
        int delivered = 0;
        int failed = 0;
        for (Object[] key : pending) {
            // claim the attempt: another node that claimed it first delivers it
            if (jdbc.sql("UPDATE expiry_warning SET attempts = attempts + 1 WHERE serial = ? AND threshold_days = ? "
                    + "AND attempts = ?").params(key[0], key[1], key[2]).update() != 1) {
                continue;
            }
            if (deliver((String) key[0], (Integer) key[1])) {
                delivered++;
                deliveredCounter.increment();
            } else {
                failed++;
                failedCounter.increment();
            }
        }
        return new int[] {delivered, failed};
    }

    private boolean deliver(String serial, int threshold) {
        ExpiryWarning warning = find(serial, threshold);
        String email = jdbc.sql("SELECT email FROM staff WHERE staff_id = ?").param(warning.staffId())
                .query(String.class).optional().orElse(null);
        String webhookState = warning.webhookState();
        String emailState = warning.emailState();
        String error = null;
        if (webhookState.equals("PENDING") || webhookState.equals("FAILED")) {
            try {
                notifier.webhook(warning);
                webhookState = "SENT";
            } catch (ExpiryNotifier.DeliveryException e) {
                webhookState = "FAILED";
                error = e.getMessage();
            }
        }
        if (emailState.equals("PENDING") || emailState.equals("FAILED")) {
            try {
                notifier.email(warning, email);
                emailState = "SENT";
            } catch (ExpiryNotifier.DeliveryException e) {
                emailState = "FAILED";
                error = error == null ? e.getMessage() : error + "; " + e.getMessage();
            }
        }
        boolean done = error == null;
        jdbc.sql("UPDATE expiry_warning SET webhook_state = ?, email_state = ?, last_error = ?, delivered_at = ? "
                        + "WHERE serial = ? AND threshold_days = ?")
                .params(webhookState, emailState, error, done ? Timestamp.from(Instant.now()) : null, serial, threshold)
                .update();
        if (!done) {
            log.warn("Expiry warning for {} ({} days) not delivered: {}", serial, threshold, error);
        }
        return done;
    }

    private void refreshBuckets(List<Object[]> window, Instant now) {
        buckets.values().forEach(value -> value.set(0));
        List<Integer> ascending = properties.thresholds().stream().sorted().toList();
        for (Object[] row : window) {
            Instant notAfter = (Instant) row[2];
            if (!notAfter.isAfter(now)) {
                buckets.get("expired").incrementAndGet();
                continue;
            }
            long daysLeft = Duration.between(now, notAfter).toDays();
            for (Integer threshold : ascending) {
                if (daysLeft <= threshold) {
                    buckets.get(Integer.toString(threshold)).incrementAndGet();
                    break;
                }
            }
        }
    }

    /** Current gauge values by bucket. */
    public Map<String, Long> buckets() {
        Map<String, Long> values = new LinkedHashMap<>();
        buckets.forEach((bucket, value) -> values.put(bucket, value.get()));
        return values;
    }

    /** The latest warnings, newest first. */
    public List<ExpiryWarning> recent(int limit) {
        return jdbc.sql(SELECT + " ORDER BY w.created_at DESC, w.serial, w.threshold_days LIMIT ?").param(limit)
                .query((rs, n) -> map(rs)).list();
    }

    private ExpiryWarning find(String serial, int threshold) {
        return jdbc.sql(SELECT + " WHERE w.serial = ? AND w.threshold_days = ?").params(serial, threshold)
                .query((rs, n) -> map(rs)).single();
    }

    private static final String SELECT = "SELECT w.serial, w.threshold_days, w.days_left, w.staff_id, s.name, "
            + "s.department, w.not_after, w.created_at, w.webhook_state, w.email_state, w.attempts, w.last_error "
            + "FROM expiry_warning w LEFT JOIN staff s ON s.staff_id = w.staff_id";

    private static ExpiryWarning map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ExpiryWarning(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getString(9),
                rs.getString(10), rs.getInt(11), rs.getString(12));
    }
}
