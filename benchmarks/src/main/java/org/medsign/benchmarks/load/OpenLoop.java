package org.medsign.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Open-loop load: offers {@code rate} requests per second for {@code duration}, each started at its scheduled time
 * whatever the previous ones are doing, so latency measured from the scheduled start includes any queueing (no
 * coordinated omission).
 */
final class OpenLoop {

    /** One request: its index and its scheduled start ({@link System#nanoTime()}). */
    @FunctionalInterface
    interface Request {
        void run(int index, long scheduledNanos);
    }

    private OpenLoop() {
    }

    /** How many requests {@link #run} offers for this rate and duration. */
    static int count(double rate, Duration duration) {
        return (int) Math.max(1, rate * duration.toSeconds());
    }

    /** Offers the requests on {@code pool}, waits for all of them, shuts the pool down; returns the start. */
    static long run(double rate, Duration duration, ExecutorService pool, Request request) throws InterruptedException {
        int count = count(rate, duration);
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // pacing the offered load, not a test wait
            }
            int index = i;
            pool.execute(() -> request.run(index, scheduled));
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return start;
    }
}
