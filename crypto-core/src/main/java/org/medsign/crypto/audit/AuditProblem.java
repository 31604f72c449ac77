package org.medsign.crypto.audit;

/**
 * The first thing wrong with an audit chain.
 *
 * @param kind   what is wrong
 * @param node   the node whose chain it is
 * @param seq    the first bad sequence number
 * @param detail why, in one sentence (ids and hashes only)
 */
public record AuditProblem(Kind kind, String node, long seq, String detail) {

    /** What can be wrong with a chain. */
    public enum Kind {
        /** The event's content or hash was changed after it was written. */
        CHANGED("changed"),
        /** One or more events are missing (deleted, or the chain was cut short). */
        MISSING("missing"),
        /** An event was inserted that the chain never had. */
        INSERTED("inserted"),
        /** Events are out of order (swapped or renumbered). */
        REORDERED("reordered"),
        /** An anchor does not match the chain, or its timestamp token does not verify. */
        ANCHOR_MISMATCH("anchor mismatch");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Lower-case words, as printed. */
        public String label() {
            return label;
        }
    }

    /** The line the verifier prints: {@code first bad sequence: node N seq S: kind (detail)}. */
    public String describe() {
        return "first bad sequence: node " + node + " seq " + seq + ": " + kind.label() + " (" + detail + ")";
    }
}
