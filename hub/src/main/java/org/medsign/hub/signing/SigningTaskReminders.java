package org.medsign.hub.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.jobs.ClusterLocks;
import org.medsign.hub.lifecycle.expiry.NotificationChannels;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.medsign.hub.signing.SigningTaskRepository.Waiting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reminders (催办) for pending tasks: a signer with a task that waited longer than
 * {@link SigningTaskProperties#remindAfter()} is reminded once, with how many tasks wait, the oldest one's age, the
 * systems and the app's link — never a document or patient data — through the channels of expiry warnings
 * ({@link NotificationChannels}: webhook, and e-mail to the signer's roster address). Invariants: at most one reminder
 * per signer within {@link SigningTaskProperties#remindEvery()} (the latest {@code signing_task_reminder} row decides;
 * while tasks stay pending the reminder is repeated after that period); the row is stored and audited
 * ({@code TASK_REMINDED}) before anything is sent, and a delivery that fails is retried at the next scans like an
 * expiry warning's ({@link TaskReminderDelivery}). The scheduled scan runs on one node (cluster lock {@value #JOB}).
 */
@Component
public class SigningTaskReminders {

    /** The reminder job's name (its cluster lock). */
    public static final String JOB = "signing-task-reminders";
    static final Duration LOCK_AT_MOST_FOR = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(SigningTaskReminders.class);

    /** What a scan did: signers with tasks waiting too long, new reminders, deliveries. */
    public record Report(int signersWaiting, int reminded, int delivered, int failed) {
    }

    private final SigningTaskRepository tasks;
    private final TaskReminderRepository reminders;
    private final TaskReminderDelivery delivery;
    private final StaffRepository staff;
    private final NotificationChannels channels;
    private final SigningTaskProperties properties;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    SigningTaskReminders(SigningTaskRepository tasks, TaskReminderRepository reminders, TaskReminderDelivery delivery,
                         StaffRepository staff, NotificationChannels channels, SigningTaskProperties properties,
                         AuditLog audit, TransactionTemplate transactions, MeterRegistry meters) {
        this.tasks = tasks;
        this.reminders = reminders;
        this.delivery = delivery;
        this.staff = staff;
        this.channels = channels;
        this.properties = properties;
        this.audit = audit;
        this.transactions = transactions;
        this.meters = meters;
    }

    /** The scheduled job (every {@code remind-scan-interval}), under the lock {@value #JOB}. */
    void scheduled() {
        ClusterLocks.assertHeld();
        try {
            Report report = remind(Instant.now());
            if (report.reminded() > 0 || report.failed() > 0) {
                log.info("Task reminders: {} signer(s) waiting, {} reminded, {} delivered, {} failed",
                        report.signersWaiting(), report.reminded(), report.delivered(), report.failed());
            }
        } catch (RuntimeException e) {
            log.warn("Task reminder scan failed: {}", e.toString());
        }
    }

    /**
     * Scans as of {@code now}: reminds every signer whose pending tasks waited at least {@code remind-after} and who
     * was not reminded within {@code remind-every}, then delivers what is pending or failed.
     */
    public synchronized Report remind(Instant now) {
        Map<String, List<Waiting>> bySigner = new LinkedHashMap<>();
        for (Waiting waiting : tasks.waitingSince(now.minus(properties.remindAfter()), now)) {
            bySigner.computeIfAbsent(waiting.staffId(), id -> new ArrayList<>()).add(waiting);
        }
        Instant periodStart = now.minus(properties.remindEvery());
        int reminded = 0;
        for (Map.Entry<String, List<Waiting>> signer : bySigner.entrySet()) {
            boolean recent = reminders.lastReminded(signer.getKey()).filter(last -> last.isAfter(periodStart))
                    .isPresent();
            if (!recent) {
                raise(signer.getKey(), signer.getValue(), now);
                reminded++;
            }
        }
        TaskReminderDelivery.Outcome delivered = delivery.deliverPending();
        return new Report(bySigner.size(), reminded, delivered.delivered(), delivered.failed());
    }

    /** The latest reminders, newest first. */
    public List<TaskReminderRepository.Reminder> recent(int limit) {
        return reminders.recent(limit);
    }

    private void raise(String staffId, List<Waiting> waiting, Instant now) {
        int count = waiting.stream().mapToInt(Waiting::count).sum();
        Instant oldest = waiting.stream().map(Waiting::oldest).min(Instant::compareTo).orElseThrow();
        List<String> systems = waiting.stream().map(Waiting::systemId).distinct().sorted().toList();
        String email = staff.email(staffId).filter(address -> !address.isBlank()).orElse(null);
        String webhookState = channels.hasWebhook() ? "PENDING" : "NONE";
        String emailState = channels.hasMail() && email != null ? "PENDING" : "NONE";
        transactions.executeWithoutResult(status -> {
            long id = reminders.insert(staffId, now, count, oldest, systems, webhookState, emailState);
            audit.append(AuditEvent.success("hub", "SYSTEM", "TASK_REMINDED", "staff/" + staffId,
                    "reminder " + id + ": " + count + " task(s) waiting since " + oldest + ", systems "
                            + String.join(",", systems)));
        });
        meters.counter(TaskReminderDelivery.METER, "outcome", "raised").increment();
    }
}
