package org.medsign.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.medsign.benchmarks.audit.SyntheticAuditChain;
import org.medsign.crypto.audit.AnchorTokenCheck;
import org.medsign.crypto.audit.AuditChainHash;
import org.medsign.crypto.audit.AuditChainVerifier;
import org.medsign.crypto.audit.AuditRecord;
import org.medsign.crypto.audit.AuditVerification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * Audit chain verification in memory, per event: raw BouncyCastle SM3 over one event's canonical string (UTF-8
 * bytes prepared) beside {@code AuditChainVerifier} checking a chain of 10,000 realistic events (canonical string,
 * UTF-8, SM3, hex, compare, sequence and link checks). The database and the export file come on top: see
 * {@code AuditChainLoad}.
 */
public class AuditChainVerifyBenchmark extends ThroughputBenchmark {

    static final int EVENTS = 10_000;

    private List<AuditRecord> chain;
    private byte[] canonical;
    private final SM3Digest digest = new SM3Digest();
    private final byte[] out = new byte[32];

    @Setup
    public void setUp() {
        chain = SyntheticAuditChain.events("node-1", EVENTS);
        AuditRecord r = chain.get(EVENTS / 2);
        canonical = AuditChainHash.canonical(r.prevHash(), r.node(), r.seq(), r.time(), r.actor(), r.role(),
                r.action(), r.target(), r.outcome(), r.detail()).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] rawBouncyCastle() {
        digest.update(canonical, 0, canonical.length);
        digest.doFinal(out, 0);
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public AuditVerification medsignVerifyChain() {
        AuditVerification result = new AuditChainVerifier(List.of(),
                new AnchorTokenCheck(List.of(), java.time.Clock.systemUTC())).verify(chain);
        if (!result.intact()) {
            throw new IllegalStateException(result.summary());
        }
        return result;
    }
}
