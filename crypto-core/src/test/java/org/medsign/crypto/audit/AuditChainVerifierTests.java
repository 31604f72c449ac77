package org.medsign.crypto.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.Sm3;

/** The chain verifier, table-driven: each tampering is detected, named by its first bad sequence and classified. */
class AuditChainVerifierTests {

    private static final TestPki PKI = new TestPki();
    private static final AnchorTokenCheck TOKENS = new AnchorTokenCheck(List.of(PKI.root()), Clock.systemUTC());
    private static final Instant T0 = Instant.parse("2025-01-01T08:00:00.123456Z");

    /** A valid chain of {@code count} events for {@code node}, as the hub writes it. */
    static List<AuditRecord> chain(String node, int count) {
        List<AuditRecord> rows = new ArrayList<>();
        String prev = AuditChainHash.GENESIS;
        for (int seq = 1; seq <= count; seq++) {
            rows.add(row(node, seq, prev, "DETAIL-" + seq));
            prev = rows.get(rows.size() - 1).hash();
        }
        return rows;
    }

    static AuditRecord row(String node, long seq, String prev, String detail) {
        Instant time = T0.plus(seq, ChronoUnit.MILLIS);
        String hash = AuditChainHash.hash(prev, node, seq, time, "dr.wang", "SYSTEM", "SIGN", "sig-" + seq, "SUCCESS",
                detail);
        return new AuditRecord(node, seq, time, "dr.wang", "SYSTEM", "SIGN", "sig-" + seq, "SUCCESS", detail, prev, hash);
    }

    static AuditAnchor anchor(long id, List<AuditRecord> rows) {
        AuditRecord head = rows.get(rows.size() - 1);
        String heads = AuditAnchor.headsText(List.of(new AuditAnchor.Head(head.node(), head.seq(), head.hash())));
        byte[] token = encoded(PKI.tsa.timestamp(Digests.SM3, Sm3.digest(heads.getBytes(StandardCharsets.UTF_8))));
        return new AuditAnchor(id, head.node(), T0, heads, token);
    }

    private static byte[] encoded(org.bouncycastle.tsp.TimeStampToken token) {
        try {
            return token.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuditRecord withSeq(AuditRecord r, long seq) {
        return new AuditRecord(r.node(), seq, r.time(), r.actor(), r.role(), r.action(), r.target(), r.outcome(),
                r.detail(), r.prevHash(), r.hash());
    }

    private static List<AuditRecord> sortedBySeq(List<AuditRecord> rows) {
        return rows.stream().sorted(java.util.Comparator.comparingLong(AuditRecord::seq)).toList();
    }

    static Stream<Arguments> tamperings() {
        return Stream.of(
                Arguments.of("fail/changed-detail", (UnaryOperator<List<AuditRecord>>) rows -> {
                    AuditRecord r = rows.get(9);
                    rows.set(9, new AuditRecord(r.node(), r.seq(), r.time(), r.actor(), r.role(), r.action(),
                            r.target(), r.outcome(), "edited", r.prevHash(), r.hash()));
                    return rows;
                }, AuditProblem.Kind.CHANGED, 10L),
                Arguments.of("fail/changed-and-rehashed", (UnaryOperator<List<AuditRecord>>) rows -> {
                    AuditRecord r = rows.get(9);
                    rows.set(9, row(r.node(), r.seq(), r.prevHash(), "edited"));
                    return rows;
                }, AuditProblem.Kind.CHANGED, 10L),
                Arguments.of("fail/deleted", (UnaryOperator<List<AuditRecord>>) rows -> {
                    rows.remove(9);
                    return rows;
                }, AuditProblem.Kind.MISSING, 10L),
                Arguments.of("fail/deleted-and-renumbered", (UnaryOperator<List<AuditRecord>>) rows -> {
                    rows.remove(9);
                    for (int i = 9; i < rows.size(); i++) {
                        rows.set(i, withSeq(rows.get(i), i + 1));
                    }
                    return rows;
                }, AuditProblem.Kind.MISSING, 10L),
                Arguments.of("fail/forged-row-inserted", (UnaryOperator<List<AuditRecord>>) rows -> {
                    AuditRecord forged = row(rows.get(0).node(), 10, rows.get(8).hash(), "forged");
                    for (int i = 9; i < rows.size(); i++) {
                        rows.set(i, withSeq(rows.get(i), i + 2));
                    }
                    rows.add(9, forged);
                    return rows;
                }, AuditProblem.Kind.INSERTED, 10L),
                Arguments.of("fail/adjacent-rows-swapped", (UnaryOperator<List<AuditRecord>>) rows -> {
                    AuditRecord a = rows.get(9);
                    AuditRecord b = rows.get(10);
                    rows.set(9, withSeq(b, 10));
                    rows.set(10, withSeq(a, 11));
                    return rows;
                }, AuditProblem.Kind.REORDERED, 10L),
                Arguments.of("fail/distant-rows-swapped", (UnaryOperator<List<AuditRecord>>) rows -> {
                    AuditRecord a = rows.get(9);
                    AuditRecord b = rows.get(14);
                    rows.set(9, withSeq(b, 10));
                    rows.set(14, withSeq(a, 15));
                    return rows;
                }, AuditProblem.Kind.REORDERED, 10L),
                Arguments.of("fail/tail-truncated-below-anchor", (UnaryOperator<List<AuditRecord>>) rows ->
                        new ArrayList<>(rows.subList(0, 15)), AuditProblem.Kind.MISSING, 16L),
                Arguments.of("fail/everything-rewritten-from-seq-5", (UnaryOperator<List<AuditRecord>>) rows -> {
                    String prev = rows.get(3).hash();
                    for (int i = 4; i < rows.size(); i++) {
                        rows.set(i, row(rows.get(i).node(), i + 1, prev, "rewritten"));
                        prev = rows.get(i).hash();
                    }
                    return rows;
                }, AuditProblem.Kind.ANCHOR_MISMATCH, 20L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void detectsTamperingAndNamesTheFirstBadSequence(String name, UnaryOperator<List<AuditRecord>> tamper,
                                                     AuditProblem.Kind kind, long seq) {
        List<AuditRecord> rows = chain("node-a", 30);
        AuditAnchor anchor = anchor(1, rows.subList(0, 20));
        List<AuditRecord> tampered = sortedBySeq(tamper.apply(new ArrayList<>(rows)));

        AuditVerification result = new AuditChainVerifier(List.of(anchor), TOKENS).verify(tampered);

        assertThat(result.problem()).as(name).isPresent();
        assertThat(result.problem().get().kind()).as(result.summary()).isEqualTo(kind);
        assertThat(result.problem().get().seq()).as(result.summary()).isEqualTo(seq);
        assertThat(result.summary()).startsWith("first bad sequence: node node-a seq " + seq + ": " + kind.label());
    }

    @Test
    void intactChainsOfSeveralNodesVerifyWithTheirAnchors() {
        List<AuditRecord> a = chain("node-a", 50);
        List<AuditRecord> b = chain("node-b", 7);
        List<AuditRecord> all = new ArrayList<>(a);
        all.addAll(b);

        AuditVerification result = new AuditChainVerifier(List.of(anchor(1, a.subList(0, 10)), anchor(2, b)), TOKENS)
                .verify(all);

        assertThat(result.intact()).as(result.summary()).isTrue();
        assertThat(result.events()).isEqualTo(57);
        assertThat(result.summary()).isEqualTo("audit chain intact: 57 events checked (2 nodes, 2 anchors verified)");
    }

    @Test
    void anEditedAnchorIsAnAnchorMismatchAtTheSequenceItClaims() {
        List<AuditRecord> rows = chain("node-a", 30);
        AuditAnchor real = anchor(1, rows.subList(0, 20));
        AuditAnchor edited = new AuditAnchor(1, real.node(), real.createdAt(),
                real.heads().replace(rows.get(19).hash(), rows.get(18).hash()), real.token());

        AuditVerification result = new AuditChainVerifier(List.of(edited), TOKENS).verify(rows);

        assertThat(result.problem()).get().extracting(AuditProblem::kind, AuditProblem::seq)
                .containsExactly(AuditProblem.Kind.ANCHOR_MISMATCH, 20L);
        assertThat(result.summary()).contains("imprint");
    }

    @Test
    void aTokenFromAnotherTsaIsAnAnchorMismatchWhenTheRootIsPinned() {
        List<AuditRecord> rows = chain("node-a", 5);
        AuditAnchor foreign = anchor(1, rows);
        AnchorTokenCheck otherRoot = new AnchorTokenCheck(List.of(new TestPki().root()), Clock.systemUTC());

        AuditVerification result = new AuditChainVerifier(List.of(foreign), otherRoot).verify(rows);

        assertThat(result.problem()).get().extracting(AuditProblem::kind).isEqualTo(AuditProblem.Kind.ANCHOR_MISMATCH);
        assertThat(new AuditChainVerifier(List.of(foreign), new AnchorTokenCheck(List.of(), Clock.systemUTC()))
                .verify(rows).intact()).isTrue();
    }

    @Test
    void exportFileRoundTripsAndVerifiesStreaming() {
        List<AuditRecord> rows = new ArrayList<>(chain("node-a", 12));
        AuditRecord r = rows.get(3);
        rows.set(3, withNullsAndEscapes(r));
        StringWriter out = new StringWriter();
        AuditExportFormat.ExportWriter writer = new AuditExportFormat.ExportWriter(out);
        List<AuditRecord> fixed = rechain(rows);
        writer.anchor(anchor(1, fixed.subList(0, 6)));
        fixed.forEach(writer::event);

        AuditExportFormat.ExportReader reader = new AuditExportFormat.ExportReader(
                new BufferedReader(new StringReader(out.toString())));
        List<AuditRecord> read = new ArrayList<>();
        reader.events().forEachRemaining(read::add);

        assertThat(out.toString()).startsWith("{\"format\":\"medsign-audit\",\"version\":1}\n{\"type\":\"anchor\"");
        assertThat(read).isEqualTo(fixed);
        assertThat(new AuditChainVerifier(reader.anchors(), TOKENS).verify(read).intact()).isTrue();
    }

    private static AuditRecord withNullsAndEscapes(AuditRecord r) {
        return new AuditRecord(r.node(), r.seq(), r.time(), "系统 \"his\"", r.role(), r.action(), null, r.outcome(),
                "a|b\\c\nd\u0001", r.prevHash(), r.hash());
    }

    private static List<AuditRecord> rechain(List<AuditRecord> rows) {
        List<AuditRecord> out = new ArrayList<>();
        String prev = AuditChainHash.GENESIS;
        for (AuditRecord r : rows) {
            String hash = AuditChainHash.hash(prev, r.node(), r.seq(), r.time(), r.actor(), r.role(), r.action(),
                    r.target(), r.outcome(), r.detail());
            out.add(new AuditRecord(r.node(), r.seq(), r.time(), r.actor(), r.role(), r.action(), r.target(),
                    r.outcome(), r.detail(), prev, hash));
            prev = hash;
        }
        return out;
    }

    @Test
    void hashKeepsTheFormatTheHubHasAlwaysWritten() {
        // the canonical form of AuditLog before the move: rows already in databases must keep verifying
        String canonical = String.join("|", AuditChainHash.GENESIS, "node-1", "1", "2025-01-01T08:00:00.123456Z",
                "hub", "SYSTEM", "STARTUP", "", "SUCCESS", "");
        assertThat(AuditChainHash.hash(AuditChainHash.GENESIS, "node-1", 1, T0, "hub", "SYSTEM", "STARTUP", null,
                "SUCCESS", null)).isEqualTo(java.util.HexFormat.of().formatHex(
                Sm3.digest(canonical.getBytes(StandardCharsets.UTF_8))));
    }
}
