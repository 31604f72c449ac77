package org.medsign.crypto.tsp;

import java.math.BigInteger;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serials that need no storage: microseconds since the epoch, bumped to stay strictly increasing within the process.
 * Unique across restarts as long as the clock does not go back; {@link FileTimestampSerials} persists instead.
 */
public final class TimeBasedTimestampSerials implements TimestampSerials {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public TimeBasedTimestampSerials(Clock clock) {
        this.clock = clock;
    }

    @Override
    public BigInteger next() {
        var now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return BigInteger.valueOf(last.updateAndGet(previous -> Math.max(previous + 1, micros)));
    }
}
