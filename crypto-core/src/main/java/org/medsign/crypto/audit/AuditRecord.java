package org.medsign.crypto.audit;

import java.time.Instant;

/**
 * One row of the audit chain as stored (table {@code audit_event}), whatever it came from: the database or an
 * export file.
 */
public record AuditRecord(String node, long seq, Instant time, String actor, String role, String action,
                          String target, String outcome, String detail, String prevHash, String hash) {

    /** The hash this row's content gives at its own sequence number. */
    public String computedHash() {
        return computedHashAt(seq);
    }

    /** The hash this row's content (with its stored prev_hash) would give at sequence {@code atSeq}. */
    public String computedHashAt(long atSeq) {
        return AuditChainHash.hash(prevHash, node, atSeq, time, actor, role, action, target, outcome, detail);
    }

    /** Whether the stored hash is the one the content gives at sequence {@code atSeq}. */
    boolean hashesAt(long atSeq) {
        return hash != null && hash.equals(computedHashAt(atSeq));
    }
}
