package org.medsign.hub.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Re-enqueues requests that were persisted but whose queue message was lost (crash between commit and send, broker
 * unavailable): at start-up and every 30 s, RECEIVED requests untouched for 30 s go back on the queue. Harmless when
 * the message still exists, because the worker signs a request at most once.
 */
@Component
public class IntakeRecovery {

    private static final Logger log = LoggerFactory.getLogger(IntakeRecovery.class);
    private static final Duration STALE = Duration.ofSeconds(30);

    private final SigningRequestRepository requests;
    private final SigningIntake intake;

    public IntakeRecovery(SigningRequestRepository requests, SigningIntake intake) {
        this.requests = requests;
        this.intake = intake;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        requeue(Instant.now());
    }

    @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
    void periodically() {
        requeue(Instant.now().minus(STALE));
    }

    /** Re-enqueues RECEIVED requests last touched before {@code before}; returns how many. */
    public int requeue(Instant before) {
        int total = 0;
        List<Long> batch;
        do {
            batch = requests.staleReceived(before, 500);
            for (long pk : batch) {
                requests.touch(pk);
                intake.enqueue(pk);
            }
            total += batch.size();
        } while (batch.size() == 500);
        if (total > 0) {
            log.info("Re-enqueued {} unfinished signing request(s)", total);
        }
        return total;
    }
}
