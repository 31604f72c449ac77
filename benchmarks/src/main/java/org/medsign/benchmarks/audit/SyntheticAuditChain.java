package org.medsign.benchmarks.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.medsign.crypto.audit.AuditChainHash;
import org.medsign.crypto.audit.AuditRecord;

/**
 * A valid audit chain of realistic events (the hub's SIGN events: system actor, signature id target, SM3 digest in
 * the detail), made fast for benchmarks: one event per millisecond from a fixed start.
 */
public final class SyntheticAuditChain {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private SyntheticAuditChain() {
    }

    /** The first {@code count} events of {@code node}'s chain, in memory. */
    public static List<AuditRecord> events(String node, int count) {
        List<AuditRecord> events = new ArrayList<>(count);
        generate(node, count, events::add);
        return events;
    }

    /** Streams the first {@code count} events of {@code node}'s chain to {@code sink}. */
    public static void generate(String node, long count, Consumer<AuditRecord> sink) {
        String prev = AuditChainHash.GENESIS;
        for (long seq = 1; seq <= count; seq++) {
            Instant time = START.plus(seq, ChronoUnit.MILLIS).plusNanos((seq % 1000) * 1000);
            String target = "sig-" + Long.toHexString(0x5EED0000L + seq);
            String detail = "request his/REQ" + seq + " sm3=" + String.format("%064x", seq * 2654435761L);
            String hash = AuditChainHash.hash(prev, node, seq, time, "system:his", "SYSTEM", "SIGN", target,
                    "SUCCESS", detail);
            sink.accept(new AuditRecord(node, seq, time, "system:his", "SYSTEM", "SIGN", target, "SUCCESS", detail,
                    prev, hash));
            prev = hash;
        }
    }
}
