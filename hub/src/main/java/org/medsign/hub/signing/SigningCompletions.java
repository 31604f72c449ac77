package org.medsign.hub.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

import org.springframework.stereotype.Component;

/**
 * Wakes synchronous callers when their request reaches a status worth answering. In-process notification with a
 * database re-check every 250 ms, so a request finished by another node (or before the caller started waiting) is
 * seen too.
 */
@Component
public class SigningCompletions {

    private static final long SLICE_MILLIS = 250;

    private final Map<Long, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /** Waits until {@code check} returns a settled outcome or the timeout passes; returns the last outcome. */
    public SigningOutcome await(long pk, Duration timeout, LongFunction<SigningOutcome> check) {
        Instant deadline = Instant.now().plus(timeout);
        CompletableFuture<Void> future = waiting.computeIfAbsent(pk, k -> new CompletableFuture<>());
        try {
            while (true) {
                SigningOutcome outcome = check.apply(pk);
                if (outcome.status() != RequestStatus.RECEIVED || !Instant.now().isBefore(deadline)) {
                    return outcome;
                }
                if (future.isDone()) {
                    CompletableFuture<Void> fresh = new CompletableFuture<>();
                    waiting.put(pk, fresh);
                    future = fresh;
                }
                try {
                    future.get(SLICE_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // re-check the database
                } catch (ExecutionException e) {
                    return check.apply(pk);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return check.apply(pk);
                }
            }
        } finally {
            waiting.remove(pk);
        }
    }

    /** Signals that a request changed status. */
    public void signal(long pk) {
        CompletableFuture<Void> future = waiting.get(pk);
        if (future != null) {
            future.complete(null);
        }
    }
}
