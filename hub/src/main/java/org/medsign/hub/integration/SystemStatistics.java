package org.medsign.hub.integration;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.medsign.hub.lifecycle.ledger.HospitalSystemRepository;
import org.medsign.hub.signing.SigningRequestRepository;
import org.medsign.hub.signing.SigningTaskRepository;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Per-system statistics from the durable records (so every node reports the same numbers and they survive
 * restarts): requests received, signed, pending (waiting for the signer's confirmation), in progress, failed,
 * dead-lettered, failure notices sent (accepted requests answered with their failure), messages rejected at intake,
 * and intake-to-signature latency. Exported as gauges
 * {@code medsign.system.requests{system,state}} and {@code medsign.system.latency{system,quantile}} (seconds, over the
 * last {@value #LATENCY_SAMPLE} signatures), refreshed every 30 s; {@code GET /api/v1/admin/systems/statistics}
 * computes them on demand, optionally since a given time.
 */
@Component
public class SystemStatistics {

    /** Latencies are taken over this many latest signatures per system. */
    static final int LATENCY_SAMPLE = 1000;

    /** Latency of intake to signature. */
    public record Latency(long samples, double p50Ms, double p95Ms, double p99Ms, double maxMs) {
    }

    /** One system's numbers. */
    public record Stats(String system, long received, long signed, long pending, long inProgress, long failed,
                        long deadLettered, long rejected, long failureNotices, Latency latency) {
    }

    private final HospitalSystemRepository systems;
    private final SigningRequestRepository requests;
    private final SignatureRecordRepository signatures;
    private final ReplyContextRepository contexts;
    private final InboundRejections rejections;
    private final SigningTaskRepository tasks;
    private final MeterRegistry registry;
    private final Map<String, Stats> snapshot = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public SystemStatistics(HospitalSystemRepository systems, SigningRequestRepository requests, SignatureRecordRepository signatures,
                            ReplyContextRepository contexts, InboundRejections rejections, SigningTaskRepository tasks,
                            MeterRegistry registry) {
        this.systems = systems;
        this.requests = requests;
        this.signatures = signatures;
        this.contexts = contexts;
        this.rejections = rejections;
        this.tasks = tasks;
        this.registry = registry;
    }

    /** Statistics of every system (registered or seen), since {@code since} (null: all time). */
    public List<Stats> compute(Instant since) {
        Timestamp from = Timestamp.from(since == null ? Instant.EPOCH : since);
        Map<String, long[]> counts = new LinkedHashMap<>();
        systems.systemIdsInOrder()
                .forEach(system -> counts.put(system, new long[8]));
        for (SigningRequestRepository.StatusCount row : requests.countsBySystemAndStatus(from.toInstant())) {
            long[] c = counts.computeIfAbsent(row.systemId(), s -> new long[8]);
            long count = row.count();
            c[0] += count;
            switch (row.status()) {
                case "DONE" -> c[1] += count;
                case "PENDING" -> c[2] += count;
                case "RECEIVED" -> c[3] += count;
                case "FAILED", "REJECTED", "EXPIRED" -> c[4] += count;
                case "DEAD_LETTER" -> c[5] += count;
                default -> c[3] += count;
            }
        }
        rejections.countBySystem(from.toInstant())
                .forEach((system, count) -> counts.computeIfAbsent(system, s -> new long[8])[6] = count);
        requests.countBySystem(contexts.answeredWithFailure(), from.toInstant())
                .forEach((system, count) -> counts.computeIfAbsent(system, s -> new long[8])[7] = count);
        List<Stats> result = new ArrayList<>();
        counts.forEach((system, c) -> result.add(new Stats(system, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
                latency(system, from, false))));
        return result;
    }

    /**
     * Intake-to-signature latency per system over the signatures since {@code from} (the latest
     * {@value #LATENCY_SAMPLE}), leaving out the requests that waited for their signer (a signing task: pending
     * confirmation is late by design): the hub's own speed, for the {@code signing-latency} alert rule.
     */
    public Map<String, Latency> latencyWithoutTasks(Instant from) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(systems.systemIdsInOrder());
        requests.countsBySystemAndStatus(from).forEach(row -> ids.add(row.systemId()));
        Map<String, Latency> result = new LinkedHashMap<>();
        ids.forEach(system -> result.put(system, latency(system, Timestamp.from(from), true)));
        return result;
    }

    private Latency latency(String system, Timestamp from, boolean withoutTasks) {
        List<SignatureRecordRepository.Signed> signed = signatures.latestOfSystem(system, from.toInstant(),
                LATENCY_SAMPLE);
        if (withoutTasks && !signed.isEmpty()) {
            java.util.Set<Long> waited = tasks.requestsWithTask(signed.stream()
                    .map(SignatureRecordRepository.Signed::requestPk).toList());
            signed = signed.stream().filter(s -> !waited.contains(s.requestPk())).toList();
        }
        Map<Long, Instant> received = requests.createdAt(signed.stream()
                .map(SignatureRecordRepository.Signed::requestPk).toList());
        List<Long> millis = new ArrayList<>(signed.stream().filter(s -> received.containsKey(s.requestPk()))
                .map(s -> Math.max(0, Duration.between(received.get(s.requestPk()), s.signedAt()).toMillis()))
                .toList());
        if (millis.isEmpty()) {
            return new Latency(0, 0, 0, 0, 0);
        }
        millis.sort(null);
        return new Latency(millis.size(), quantile(millis, 0.50), quantile(millis, 0.95), quantile(millis, 0.99),
                millis.get(millis.size() - 1));
    }

    private static double quantile(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    /** Refreshes the gauges' numbers (all time). */
    @Scheduled(fixedDelay = 30_000, initialDelay = 5_000)
    public void refresh() {
        for (Stats stats : compute(null)) {
            snapshot.put(stats.system(), stats);
            if (registered.add(stats.system())) {
                register(stats.system());
            }
        }
    }

    private void register(String system) {
        Map<String, java.util.function.ToDoubleFunction<Stats>> states = new LinkedHashMap<>();
        states.put("received", Stats::received);
        states.put("signed", Stats::signed);
        states.put("pending", Stats::pending);
        states.put("in_progress", Stats::inProgress);
        states.put("failed", Stats::failed);
        states.put("dead_letter", Stats::deadLettered);
        states.put("rejected", Stats::rejected);
        states.put("failure_notices", Stats::failureNotices);
        states.forEach((state, value) -> Gauge.builder("medsign.system.requests", snapshot,
                        s -> s.containsKey(system) ? value.applyAsDouble(s.get(system)) : 0)
                .description("Requests of a system by state (durable records, all time)")
                .tag("system", system).tag("state", state).register(registry));
        Map<String, java.util.function.ToDoubleFunction<Latency>> quantiles = Map.of(
                "0.5", Latency::p50Ms, "0.95", Latency::p95Ms, "0.99", Latency::p99Ms);
        quantiles.forEach((quantile, value) -> Gauge.builder("medsign.system.latency", snapshot,
                        s -> s.containsKey(system) ? value.applyAsDouble(s.get(system).latency()) / 1000.0 : 0)
                .description("Intake to signature over the latest signatures of a system")
                .baseUnit("seconds").tag("system", system).tag("quantile", quantile).register(registry));
    }
}
