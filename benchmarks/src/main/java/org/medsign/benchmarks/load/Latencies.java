package org.medsign.benchmarks.load;

import java.util.Arrays;

/** Percentiles of latencies recorded in nanoseconds, reported in milliseconds (nearest-rank method). */
final class Latencies {

    private final long[] sorted;

    /** Copies and sorts {@code nanos}. */
    Latencies(long[] nanos) {
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The {@code percentile} (0–100] in ms; NaN when there are no latencies. */
    double millis(double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    /** The largest latency in ms; NaN when there are none. */
    double maxMillis() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }
}
