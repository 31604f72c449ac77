package org.medsign.crypto.audit;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.medsign.crypto.MalformedInputException;

/**
 * Verifies an audit chain in one streaming pass: every hash, sequence continuity per node (from 1, no gaps) and
 * every anchor (its token, and that the chain still has the hashes it timestamped). Feed the rows ordered by node,
 * then sequence; memory stays constant whatever the chain's length (one row of look-ahead per node, plus the
 * anchors' heads). Stops at the first problem and classifies it: a row that does not hash to its stored value is
 * <em>changed</em>, unless its content hashes at a neighbouring sequence number, which tells <em>reordered</em>
 * (swapped), <em>missing</em> (deleted and renumbered) or <em>inserted</em> (a forged row pushed the rest down) apart.
 * Not thread-safe: one verifier per pass.
 */
public final class AuditChainVerifier {

    /** How far from its place a moved row is still recognised as reordered rather than changed. */
    private static final int REORDER_WINDOW = 64;

    private record Expected(String hash, long anchorId) {
    }

    private final Map<String, NavigableMap<Long, Expected>> anchored = new HashMap<>();
    private final Set<String> seenNodes = new HashSet<>();
    private long events;
    private int anchors;
    private AuditProblem problem;

    private String node;
    private AuditRecord accepted;
    private AuditRecord pending;

    /** A verifier that checks these anchors' tokens now and their heads against the chain as it streams by. */
    public AuditChainVerifier(List<AuditAnchor> anchorList, AnchorTokenCheck tokens) {
        for (AuditAnchor anchor : anchorList.stream().sorted(Comparator.comparingLong(AuditAnchor::id)).toList()) {
            List<AuditAnchor.Head> heads;
            try {
                heads = anchor.parsedHeads();
            } catch (MalformedInputException e) {
                problem = new AuditProblem(AuditProblem.Kind.ANCHOR_MISMATCH, anchor.node(), 0, e.getMessage());
                return;
            }
            AuditAnchor.Head first = heads.isEmpty() ? new AuditAnchor.Head(anchor.node(), 0, "") : heads.get(0);
            Optional<String> bad = tokens.problem(anchor);
            if (bad.isPresent()) {
                problem = new AuditProblem(AuditProblem.Kind.ANCHOR_MISMATCH, first.node(), first.seq(), bad.get());
                return;
            }
            for (AuditAnchor.Head head : heads) {
                Expected before = anchored.computeIfAbsent(head.node(), n -> new TreeMap<>())
                        .putIfAbsent(head.seq(), new Expected(head.hash(), anchor.id()));
                if (before != null && !before.hash().equals(head.hash())) {
                    problem = new AuditProblem(AuditProblem.Kind.ANCHOR_MISMATCH, head.node(), head.seq(),
                            "anchors " + before.anchorId() + " and " + anchor.id() + " timestamped different hashes");
                    return;
                }
            }
            anchors++;
        }
    }

    /** Feeds the next row (ordered by node, then seq); false once a problem has been found. */
    public boolean accept(AuditRecord record) {
        if (problem != null) {
            return false;
        }
        if (!record.node().equals(node)) {
            if (node != null) {
                endNode();
                if (problem != null) {
                    return false;
                }
            }
            if (!seenNodes.add(record.node())) {
                fail(AuditProblem.Kind.REORDERED, record.node(), record.seq(),
                        "the node's events are not contiguous in the input");
                return false;
            }
            node = record.node();
            accepted = null;
            pending = null;
        }
        if (pending != null) {
            check(pending, record);
        }
        pending = record;
        return problem == null;
    }

    /** Ends the pass: the result so far, including anchored events the chain no longer has. */
    public AuditVerification finish() {
        if (problem == null && node != null) {
            endNode();
        }
        if (problem == null) {
            anchored.keySet().stream().filter(n -> !seenNodes.contains(n)).sorted().findFirst().ifPresent(n ->
                    fail(AuditProblem.Kind.MISSING, n, 1, "anchor " + anchored.get(n).lastEntry().getValue().anchorId()
                            + " covers this node up to seq " + anchored.get(n).lastKey() + " but it has no events"));
        }
        node = null;
        return new AuditVerification(events, seenNodes.size(), anchors, Optional.ofNullable(problem));
    }

    /** Verifies a whole sequence of rows. */
    public AuditVerification verify(Iterable<AuditRecord> records) {
        for (AuditRecord record : records) {
            if (!accept(record)) {
                break;
            }
        }
        return finish();
    }

    private void endNode() {
        if (pending != null) {
            check(pending, null);
            pending = null;
        }
        if (problem != null) {
            return;
        }
        NavigableMap<Long, Expected> expected = anchored.get(node);
        long last = accepted == null ? 0 : accepted.seq();
        if (expected != null && expected.lastKey() > last) {
            fail(AuditProblem.Kind.MISSING, node, last + 1, "anchor " + expected.lastEntry().getValue().anchorId()
                    + " covers up to seq " + expected.lastKey() + " but the chain ends at seq " + last);
        }
    }

    private void check(AuditRecord row, AuditRecord next) {
        events++;
        long seq = row.seq();
        long expectedSeq = accepted == null ? 1 : accepted.seq() + 1;
        String expectedPrev = accepted == null ? AuditChainHash.GENESIS : accepted.hash();
        if (seq < expectedSeq) {
            fail(AuditProblem.Kind.REORDERED, seq, "seq " + seq + " comes after seq " + (expectedSeq - 1));
            return;
        }
        if (seq > expectedSeq) {
            fail(AuditProblem.Kind.MISSING, expectedSeq, seq == expectedSeq + 1 ? "seq " + expectedSeq + " is absent"
                    : "seq " + expectedSeq + " to " + (seq - 1) + " are absent");
            return;
        }
        if (row.hashesAt(seq)) {
            if (expectedPrev.equals(row.prevHash())) {
                acceptRow(row);
            } else if (accepted == null) {
                fail(AuditProblem.Kind.CHANGED, seq, "prev_hash of the first event is not the genesis value");
            } else {
                fail(AuditProblem.Kind.CHANGED, accepted.seq(), "seq " + seq + " links to another hash: seq "
                        + accepted.seq() + " was changed and re-hashed");
            }
            return;
        }
        classifyBadHash(row, next, expectedPrev);
    }

    private void classifyBadHash(AuditRecord row, AuditRecord next, String expectedPrev) {
        long seq = row.seq();
        if (accepted != null && row.hashesAt(seq - 1) && row.prevHash().equals(accepted.prevHash())) {
            fail(AuditProblem.Kind.INSERTED, accepted.seq(), "seq " + accepted.seq() + " is not in the chain: seq "
                    + seq + " was written as seq " + (seq - 1) + " after the same predecessor");
            return;
        }
        if (row.hashesAt(seq + 1)) {
            if (next != null && next.node().equals(row.node()) && next.seq() == seq + 1 && next.hashesAt(seq)
                    && expectedPrev.equals(next.prevHash())) {
                fail(AuditProblem.Kind.REORDERED, seq, "seq " + seq + " and seq " + (seq + 1) + " are swapped");
                return;
            }
            if (!expectedPrev.equals(row.prevHash())) {
                fail(AuditProblem.Kind.MISSING, seq, "the event written as seq " + seq
                        + " is gone and the later events were renumbered");
                return;
            }
        }
        for (int distance = 1; distance <= REORDER_WINDOW; distance++) {
            for (long other : new long[] {seq + distance, seq - distance}) {
                if (other > 0 && row.hashesAt(other)) {
                    fail(AuditProblem.Kind.REORDERED, seq, "seq " + seq + " holds the event written as seq " + other);
                    return;
                }
            }
        }
        fail(AuditProblem.Kind.CHANGED, seq, "the stored content does not give the stored hash");
    }

    private void acceptRow(AuditRecord row) {
        accepted = row;
        NavigableMap<Long, Expected> expected = anchored.get(row.node());
        Expected anchoredHash = expected == null ? null : expected.get(row.seq());
        if (anchoredHash != null && !anchoredHash.hash().equals(row.hash())) {
            fail(AuditProblem.Kind.ANCHOR_MISMATCH, row.seq(), "anchor " + anchoredHash.anchorId()
                    + " timestamped another hash for this event: the chain up to here was rewritten");
        }
    }

    private void fail(AuditProblem.Kind kind, long seq, String detail) {
        fail(kind, node, seq, detail);
    }

    private void fail(AuditProblem.Kind kind, String problemNode, long seq, String detail) {
        if (problem == null) {
            problem = new AuditProblem(kind, problemNode, seq, detail);
        }
    }
}
