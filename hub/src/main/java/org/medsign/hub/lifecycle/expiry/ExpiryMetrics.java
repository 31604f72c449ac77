package org.medsign.hub.lifecycle.expiry;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The expiry meters: gauges {@code medsign.certificates.expiring{bucket}} (active certificates by days left:
 * {@code expired}, then each threshold: days left ≤ it and above the next smaller one) and the counter
 * {@code medsign.expiry.notifications{outcome}}.
 */
@Component
class ExpiryMetrics {

    private final List<Integer> ascending;
    private final Map<String, AtomicLong> buckets = new LinkedHashMap<>();
    private final Counter delivered;
    private final Counter failed;

    ExpiryMetrics(ExpiryProperties properties, MeterRegistry meters) {
        ascending = properties.thresholds().stream().sorted().toList();
        buckets.put("expired", new AtomicLong());
        for (Integer threshold : properties.thresholds()) {
            buckets.put(Integer.toString(threshold), new AtomicLong());
        }
        buckets.forEach((bucket, value) -> Gauge.builder("medsign.certificates.expiring", value, AtomicLong::get)
                .tag("bucket", bucket).description("active certificates by days left until expiry")
                .register(meters));
        delivered = Counter.builder("medsign.expiry.notifications").tag("outcome", "delivered").register(meters);
        failed = Counter.builder("medsign.expiry.notifications").tag("outcome", "failed").register(meters);
    }

    /** Sets the gauges from the ends of validity of the active certificates within the horizon. */
    void refresh(List<Instant> notAfters, Instant now) {
        buckets.values().forEach(value -> value.set(0));
        for (Instant notAfter : notAfters) {
            if (!notAfter.isAfter(now)) {
                buckets.get("expired").incrementAndGet();
                continue;
            }
            long daysLeft = Duration.between(now, notAfter).toDays();
            for (Integer threshold : ascending) {
                if (daysLeft <= threshold) {
                    buckets.get(Integer.toString(threshold)).incrementAndGet();
                    break;
                }
            }
        }
    }

    /** Counts one delivered or failed notification. */
    void delivery(boolean done) {
        (done ? delivered : failed).increment();
    }

    /** Current gauge values by bucket. */
    Map<String, Long> buckets() {
        Map<String, Long> values = new LinkedHashMap<>();
        buckets.forEach((bucket, value) -> values.put(bucket, value.get()));
        return values;
    }
}
