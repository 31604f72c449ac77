package org.medsign.adapters.hl7v2;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs parses on a small pool of their own and waits for each at most its time budget. HAPI cannot be interrupted,
 * so a parse over budget is abandoned, not stopped: it keeps its thread until it ends, and the pool's size bounds how
 * many such parses can run at once. A parse that ran past the budget is the message's fault
 * ({@link Hl7LimitExceededException}, AR); one that waited in the queue past it is the hub's
 * ({@link Hl7RejectException} AE: send again).
 */
final class Hl7ParseBudget {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor executor;
    private final Duration budget;

    Hl7ParseBudget(Duration budget) {
        this.budget = budget;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                runnable -> {
                    Thread thread = new Thread(runnable, "hl7-parse-" + pool + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code parse} within the budget; its own exceptions come back unwrapped. */
    <T> T run(Callable<T> parse) throws Exception {
        AtomicBoolean started = new AtomicBoolean();
        Future<T> future;
        try {
            future = executor.submit(() -> {
                started.set(true);
                return parse.call();
            });
        } catch (RejectedExecutionException e) {
            throw busy();
        }
        try {
            return future.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            if (started.get()) {
                throw new Hl7LimitExceededException(Hl7LimitExceededException.Limit.PARSE_TIME, null,
                        budget.toMillis());
            }
            throw busy();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause().getClass().getSimpleName());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw busy();
        }
    }

    private static Hl7RejectException busy() {
        return new Hl7RejectException(AckCode.AE, Hl7ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                "HUB_BUSY: the hub is busy; send the message again");
    }
}
