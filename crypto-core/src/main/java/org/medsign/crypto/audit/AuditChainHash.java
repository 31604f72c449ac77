package org.medsign.crypto.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import org.medsign.crypto.sm.Sm3;

/**
 * The audit chain's hash, shared by the hub that writes the chain and every verifier that reads it:
 * {@code hash = hex(SM3(UTF-8(prev_hash|node|seq|time|actor|role|action|target|outcome|detail)))}, where
 * {@code time} is {@link Instant#toString()} of the event time truncated to microseconds, and a null target or
 * detail is the empty string. Changing anything here breaks every existing chain.
 */
public final class AuditChainHash {

    /** prev_hash of a node's first event (sequence 1). */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private AuditChainHash() {
    }

    /** The '|'-joined canonical string that is hashed. */
    public static String canonical(String prevHash, String node, long seq, Instant time, String actor, String role,
                                   String action, String target, String outcome, String detail) {
        return String.join("|", prevHash, node, Long.toString(seq), time.toString(), actor, role, action,
                nullToEmpty(target), outcome, nullToEmpty(detail));
    }

    /** The chain hash (64 lower-case hex digits). */
    public static String hash(String prevHash, String node, long seq, Instant time, String actor, String role,
                              String action, String target, String outcome, String detail) {
        String canonical = canonical(prevHash, node, seq, time, actor, role, action, target, outcome, detail);
        return HEX.formatHex(Sm3.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
