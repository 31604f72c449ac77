package org.medsign.hub.lifecycle.expiry;

import java.time.Instant;

import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers raised expiry warnings by webhook and e-mail. Each attempt is claimed first (another node that claimed it
 * delivers it); a delivery that fails is tried again at the next scan, up to {@code maxAttempts}.
 */
@Component
class ExpiryDelivery {

    private static final Logger log = LoggerFactory.getLogger(ExpiryWarnings.class);

    /** How many were delivered and how many failed. */
    record Outcome(int delivered, int failed) {
    }

    private final ExpiryWarningRepository warnings;
    private final ExpiryWarningLookup lookup;
    private final StaffRepository staff;
    private final ExpiryNotifier notifier;
    private final ExpiryProperties properties;
    private final ExpiryMetrics metrics;

    ExpiryDelivery(ExpiryWarningRepository warnings, ExpiryWarningLookup lookup, StaffRepository staff,
                   ExpiryNotifier notifier, ExpiryProperties properties, ExpiryMetrics metrics) {
        this.warnings = warnings;
        this.lookup = lookup;
        this.staff = staff;
        this.notifier = notifier;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** Delivers warnings whose webhook or e-mail is pending or failed. */
    Outcome deliverPending() {
        int delivered = 0;
        int failed = 0;
        for (ExpiryWarningRepository.Pending pending : warnings.undelivered(properties.maxAttempts())) {
            if (!warnings.claimAttempt(pending)) {
                continue;
            }
            boolean done = deliver(pending.serial(), pending.thresholdDays());
            metrics.delivery(done);
            if (done) {
                delivered++;
            } else {
                failed++;
            }
        }
        return new Outcome(delivered, failed);
    }

    private boolean deliver(String serial, int threshold) {
        ExpiryWarning warning = lookup.find(serial, threshold);
        String email = staff.email(warning.staffId()).orElse(null);
        String webhookState = warning.webhookState();
        String emailState = warning.emailState();
        String error = null;
        if (webhookState.equals("PENDING") || webhookState.equals("FAILED")) {
            try {
                notifier.webhook(warning);
                webhookState = "SENT";
            } catch (NotificationChannels.DeliveryException e) {
                webhookState = "FAILED";
                error = e.getMessage();
            }
        }
        if (emailState.equals("PENDING") || emailState.equals("FAILED")) {
            try {
                notifier.email(warning, email);
                emailState = "SENT";
            } catch (NotificationChannels.DeliveryException e) {
                emailState = "FAILED";
                error = error == null ? e.getMessage() : error + "; " + e.getMessage();
            }
        }
        boolean done = error == null;
        warnings.recordDelivery(serial, threshold, webhookState, emailState, error, done ? Instant.now() : null);
        if (!done) {
            log.warn("Expiry warning for {} ({} days) not delivered: {}", serial, threshold, error);
        }
        return done;
    }
}
