package org.medsign.hub.signing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.medsign.hub.lifecycle.expiry.NotificationChannels;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.medsign.hub.pki.PkiProperties;
import org.medsign.hub.signing.TaskReminderRepository.Reminder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers stored reminders by webhook (JSON event {@value #EVENT}) and e-mail to the signer. Each attempt is claimed
 * first; one that fails is tried again at the next scan, up to {@code medsign.expiry.max-attempts}, as expiry warnings
 * are. A reminder whose signer has no pending task left by then is not sent any more (state SKIPPED).
 */
@Component
class TaskReminderDelivery {

    /** Event name in the webhook JSON. */
    static final String EVENT = "SIGNING_TASKS_WAITING";
    /** The counter {@code medsign.signing.tasks.reminders{outcome=raised|delivered|failed|skipped}}. */
    static final String METER = "medsign.signing.tasks.reminders";

    private static final Logger log = LoggerFactory.getLogger(SigningTaskReminders.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.of("Asia/Shanghai"));

    /** How many were delivered and how many failed. */
    record Outcome(int delivered, int failed) {
    }

    private final TaskReminderRepository reminders;
    private final SigningTaskRepository tasks;
    private final StaffRepository staff;
    private final NotificationChannels channels;
    private final MeterRegistry meters;
    private final String appUrl;

    TaskReminderDelivery(TaskReminderRepository reminders, SigningTaskRepository tasks, StaffRepository staff,
                         NotificationChannels channels, SigningTaskProperties properties, PkiProperties pki,
                         MeterRegistry meters) {
        this.reminders = reminders;
        this.tasks = tasks;
        this.staff = staff;
        this.channels = channels;
        this.meters = meters;
        this.appUrl = properties.appUrl() != null ? properties.appUrl()
                : stripSlash(pki.publicUrl()) + "/m/";
        for (String outcome : List.of("raised", "delivered", "failed", "skipped")) {
            meters.counter(METER, "outcome", outcome);
        }
    }

    /** Delivers reminders whose webhook or e-mail is pending or failed. */
    Outcome deliverPending() {
        int delivered = 0;
        int failed = 0;
        for (TaskReminderRepository.Pending pending : reminders.undelivered(channels.maxAttempts())) {
            if (!reminders.claimAttempt(pending)) {
                continue;
            }
            String outcome = deliver(reminders.find(pending.id()));
            meters.counter(METER, "outcome", outcome).increment();
            if (outcome.equals("delivered")) {
                delivered++;
            } else if (outcome.equals("failed")) {
                failed++;
            }
        }
        return new Outcome(delivered, failed);
    }

    private String deliver(Reminder reminder) {
        String webhookState = reminder.webhookState();
        String emailState = reminder.emailState();
        if (tasks.countPendingOf(reminder.staffId(), Instant.now()) == 0) {
            reminders.recordDelivery(reminder.id(), open(webhookState) ? "SKIPPED" : webhookState,
                    open(emailState) ? "SKIPPED" : emailState, null, null);
            return "skipped";
        }
        StaffRepository.Holder holder = staff.holder(reminder.staffId()).orElse(null);
        String name = holder == null ? reminder.staffId() : holder.name();
        Object[] arguments = arguments(reminder, name);
        String error = null;
        if (open(webhookState)) {
            try {
                channels.post(body(reminder, holder, channels.text("task.reminder.body", arguments)));
                webhookState = "SENT";
            } catch (NotificationChannels.DeliveryException e) {
                webhookState = "FAILED";
                error = e.getMessage();
            }
        }
        if (open(emailState)) {
            try {
                String email = staff.email(reminder.staffId()).filter(address -> !address.isBlank())
                        .orElseThrow(() -> new NotificationChannels.DeliveryException("the signer has no e-mail"));
                channels.mail(List.of(email), channels.text("task.reminder.subject", arguments),
                        channels.text("task.reminder.body", arguments));
                emailState = "SENT";
            } catch (NotificationChannels.DeliveryException e) {
                emailState = "FAILED";
                error = error == null ? e.getMessage() : error + "; " + e.getMessage();
            }
        }
        boolean done = error == null;
        reminders.recordDelivery(reminder.id(), webhookState, emailState, error, done ? Instant.now() : null);
        if (!done) {
            log.warn("Task reminder {} for staff {} not delivered: {}", reminder.id(), reminder.staffId(), error);
        }
        return done ? "delivered" : "failed";
    }

    /** The webhook's JSON: signer, count, oldest age, systems, link; never a document or patient data. */
    private Map<String, Object> body(Reminder reminder, StaffRepository.Holder holder, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", EVENT);
        body.put("reminderId", reminder.id());
        Map<String, Object> signer = new LinkedHashMap<>();
        signer.put("staffId", reminder.staffId());
        signer.put("name", holder == null ? null : holder.name());
        signer.put("department", holder == null ? null : holder.department());
        body.put("signer", signer);
        body.put("taskCount", reminder.taskCount());
        body.put("oldestCreatedAt", reminder.oldestCreatedAt().toString());
        body.put("oldestWaitingMinutes", age(reminder).toMinutes());
        body.put("systems", reminder.systems());
        body.put("link", appUrl);
        body.put("message", message);
        return body;
    }

    /** Texts' arguments: {0} name, {1} count, {2} hours, {3} minutes, {4} oldest (Beijing time), {5} systems, {6} link, {7} staff id. */
    private Object[] arguments(Reminder reminder, String name) {
        Duration age = age(reminder);
        return new Object[] {name, reminder.taskCount(), age.toHours(), age.toMinutesPart(),
                TIME.format(reminder.oldestCreatedAt()), String.join(", ", reminder.systems()), appUrl,
                reminder.staffId()};
    }

    /** The oldest task's age when the reminder was raised (stable across retries). */
    private static Duration age(Reminder reminder) {
        Duration age = Duration.between(reminder.oldestCreatedAt(), reminder.createdAt());
        return age.isNegative() ? Duration.ZERO : age;
    }

    private static boolean open(String state) {
        return state.equals("PENDING") || state.equals("FAILED");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
