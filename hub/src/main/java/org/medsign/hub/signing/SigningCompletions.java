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

import org.medsign.adapters.model.RequestStatus;
import org.springframework.stereotype.Component;

/**
 * Wakes synchronous callers when their request reaches a status worth answering. In-process notification with a
 * database re-check every 250 ms, so a request finished by another node (or before the caller started waiting) is
 * seen too. Signals are sent only after the signalling thread's commit returned, so an outcome seen after a signal
 * is durable; one seen by polling first passes the {@link DurableReads#barrier()}. A signal may carry the committed
 * outcome itself ({@link #signal(long, SigningOutcome)}: the signing worker's DONE with its artifact), which the
 * waiting caller answers with as it is, without reading the request and its signature record back (issue #18).
 */
@Component
public class SigningCompletions {

    private static final long SLICE_MILLIS = 250;

    private final Map<Long, CompletableFuture<SigningOutcome>> waiting = new ConcurrentHashMap<>();
    private final DurableReads durable;

    SigningCompletions(DurableReads durable) {
        this.durable = durable;
    }

    /** Waits until {@code check} returns a settled outcome or the timeout passes; returns the last outcome. */
    public SigningOutcome await(long pk, Duration timeout, LongFunction<SigningOutcome> check) {
        Instant deadline = Instant.now().plus(timeout);
        CompletableFuture<SigningOutcome> future = waiting.computeIfAbsent(pk, k -> new CompletableFuture<>());
        boolean signalled = false;
        try {
            while (true) {
                SigningOutcome outcome = check.apply(pk);
                if (outcome.status() != RequestStatus.RECEIVED) {
                    if (!signalled) {
                        durable.barrier();
                    }
                    return outcome;
                }
                if (!Instant.now().isBefore(deadline)) {
                    return outcome;
                }
                if (future.isDone()) {
                    CompletableFuture<SigningOutcome> fresh = new CompletableFuture<>();
                    waiting.put(pk, fresh);
                    future = fresh;
                }
                try {
                    // never past the deadline: the caller is promised an answer after the sync timeout, not up to
                    // a slice later (a failure committed in that slice would turn its "accepted" into the failure)
                    long left = Math.max(1, java.time.Duration.between(Instant.now(), deadline).toMillis());
                    SigningOutcome committed = future.get(Math.min(SLICE_MILLIS, left), TimeUnit.MILLISECONDS);
                    if (committed != null && committed.status() != RequestStatus.RECEIVED) {
                        return committed; // committed before the signal: durable as it is
                    }
                    signalled = true;
                } catch (TimeoutException | ExecutionException e) {
                    signalled = false; // re-check the database
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    SigningOutcome last = check.apply(pk);
                    if (last.status() != RequestStatus.RECEIVED) {
                        durable.barrier();
                    }
                    return last;
                }
            }
        } finally {
            waiting.remove(pk);
        }
    }

    /** Signals that a request changed status (the waiting caller reads it). */
    public void signal(long pk) {
        signal(pk, null);
    }

    /**
     * Signals that a request reached {@code committed}, an outcome its thread has just committed (null: read it); a
     * caller waiting for the request answers with it as it is.
     */
    public void signal(long pk, SigningOutcome committed) {
        CompletableFuture<SigningOutcome> future = waiting.get(pk);
        if (future != null) {
            future.complete(committed);
        }
    }
}
