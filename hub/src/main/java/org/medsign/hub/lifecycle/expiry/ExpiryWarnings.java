package org.medsign.hub.lifecycle.expiry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.jobs.ClusterLocks;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The expiry scan (到期提醒): finds active certificates within the largest threshold, raises one warning per
 * (certificate, threshold) — the smallest threshold the certificate has reached, so a certificate first seen 10 days
 * before expiry is warned at 15, not at 60 and 30 as well — and hands them to {@link ExpiryDelivery} (webhook and
 * e-mail). The warning row is inserted before anything is sent and its key is (serial, threshold), so with several
 * nodes scanning each threshold is still notified once (the scheduled scan runs on one node at a time, the cluster
 * lock {@value #JOB}). The gauges are {@link ExpiryMetrics}'.
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

    private final StaffCertificateRepository certificates;
    private final StaffRepository staff;
    private final ExpiryWarningRepository warnings;
    private final ExpiryWarningLookup lookup;
    private final ExpiryDelivery delivery;
    private final ExpiryMetrics metrics;
    private final ExpiryProperties properties;
    private final ExpiryNotifier notifier;
    private final AuditLog audit;

    ExpiryWarnings(StaffCertificateRepository certificates, StaffRepository staff, ExpiryWarningRepository warnings,
                   ExpiryWarningLookup lookup, ExpiryDelivery delivery, ExpiryMetrics metrics,
                   ExpiryProperties properties, ExpiryNotifier notifier, AuditLog audit) {
        this.certificates = certificates;
        this.staff = staff;
        this.warnings = warnings;
        this.lookup = lookup;
        this.delivery = delivery;
        this.metrics = metrics;
        this.properties = properties;
        this.notifier = notifier;
        this.audit = audit;
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
        List<StaffCertificateRepository.Ending> window = certificates.activeHeldEndingBy(
                now.plus(Duration.ofDays(properties.horizonDays())));
        metrics.refresh(window.stream().map(StaffCertificateRepository.Ending::notAfter).toList(), now);
        int raised = 0;
        int inWindow = 0;
        for (StaffCertificateRepository.Ending row : window) {
            Instant notAfter = row.notAfter();
            if (!notAfter.isAfter(now)) {
                continue; // expired: the inventory's business, not a warning
            }
            inWindow++;
            int daysLeft = (int) Duration.between(now, notAfter).toDays();
            Integer threshold = reached(daysLeft);
            if (threshold != null && raise(row.serial(), threshold, row.staffId(), notAfter, daysLeft, now)) {
                raised++;
            }
        }
        ExpiryDelivery.Outcome delivered = delivery.deliverPending();
        return new ScanReport(inWindow, raised, delivered.delivered(), delivered.failed());
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
        String email = staff.email(staffId).orElse(null);
        if (!warnings.insert(serial, threshold, staffId, notAfter, daysLeft, now,
                notifier.hasWebhook() ? "PENDING" : "NONE", notifier.hasEmail(email) ? "PENDING" : "NONE")) {
            return false;
        }
        audit.append(AuditEvent.success("hub", "SYSTEM", "CERTIFICATE_EXPIRY_WARNING", serial,
                "threshold " + threshold + " days, " + daysLeft + " days left, holder " + staffId));
        return true;
    }

    /** Current gauge values by bucket. */
    public Map<String, Long> buckets() {
        return metrics.buckets();
    }

    /** The latest warnings, newest first. */
    public List<ExpiryWarning> recent(int limit) {
        return lookup.recent(limit);
    }
}
