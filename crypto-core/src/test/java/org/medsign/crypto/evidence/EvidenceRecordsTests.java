package org.medsign.crypto.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.verify.CmsSignatureVerifier;

/**
 * RFC 4998 evidence records with SM3 over 10,000 CMS signatures: every record covers its own signature under one
 * archive timestamp, and still verifies years later, when the signer certificate (and a plain verification of the
 * signature) has expired; a changed signature is not covered.
 */
class EvidenceRecordsTests {

    private static final Instant SIGNED = Instant.parse("2026-03-01T08:00:00Z");
    private static final Instant LATER = SIGNED.plus(Duration.ofDays(3 * 365));

    @Test
    void tenThousandSignatureRecordsVerifyAfterTheSignerCertificateExpired() {
        TestPki pki = new TestPki(Clock.fixed(SIGNED, ZoneOffset.UTC));
        TestPki.Holder doctor = pki.issue("CN=王医生,O=Test Hospital,C=CN,SERIALNUMBER=D0003",
                SIGNED.minus(Duration.ofDays(1)), SIGNED.plus(Duration.ofDays(30)));
        CmsSigner signer = CmsSigner.builder().key(doctor.key()).certificate(doctor.certificate()).chain(pki.chain())
                .attached(false).clock(Clock.fixed(SIGNED, ZoneOffset.UTC)).build();
        List<byte[]> signatures = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            signatures.add(signer.sign(("病历 " + i).getBytes(StandardCharsets.UTF_8)));
        }

        long start = System.nanoTime();
        List<byte[]> records = EvidenceRecords.build(signatures, pki.tsa);
        long buildMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(records).hasSize(10_000);

        Clock later = Clock.fixed(LATER, ZoneOffset.UTC);
        assertThat(CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).clock(later).build()
                .verify(signatures.get(0), "病历 0".getBytes(StandardCharsets.UTF_8)).valid())
                .as("a plain verification three years later fails: the signer certificate expired").isFalse();
        start = System.nanoTime();
        for (int i = 0; i < 10_000; i += 97) {
            assertThat(EvidenceRecords.problem(records.get(i), signatures.get(i), List.of(pki.root()), later))
                    .as("record %d", i).isEmpty();
        }
        assertThat(EvidenceRecords.problem(records.get(9_999), signatures.get(9_999), List.of(pki.root()), later))
                .isEmpty();
        long verifyMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("evidence records: 10,000 built in %d ms (one archive timestamp), %d bytes each (last), "
                + "104 verified in %d ms%n", buildMillis, records.get(9_999).length, verifyMillis);

        assertThat(EvidenceRecords.problem(records.get(1), signatures.get(2), List.of(pki.root()), later))
                .get().asString().startsWith("the evidence record does not cover this signature");
        byte[] changed = signatures.get(5).clone();
        changed[changed.length - 3] ^= 1;
        assertThat(EvidenceRecords.problem(records.get(5), changed, List.of(pki.root()), later)).isPresent();
        TestPki other = new TestPki(Clock.fixed(SIGNED, ZoneOffset.UTC));
        assertThat(EvidenceRecords.problem(records.get(5), signatures.get(5), List.of(other.root()), later))
                .get().asString().startsWith("archive timestamp:");
    }

    @Test
    void aRenewedRecordCarriesAChainOfArchiveTimestampsAndStillVerifies() throws Exception {
        TestPki pki = new TestPki(Clock.fixed(SIGNED, ZoneOffset.UTC));
        TestPki.Holder doctor = pki.issue("CN=李医生,O=Test Hospital,C=CN,SERIALNUMBER=D0004",
                SIGNED.minus(Duration.ofDays(1)), SIGNED.plus(Duration.ofDays(30)));
        CmsSigner signer = CmsSigner.builder().key(doctor.key()).certificate(doctor.certificate()).chain(pki.chain())
                .attached(false).clock(Clock.fixed(SIGNED, ZoneOffset.UTC)).build();
        List<byte[]> signatures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            signatures.add(signer.sign(("护理记录 " + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<byte[]> records = EvidenceRecords.build(signatures, pki.tsa);
        List<byte[]> renewed = EvidenceRecords.renewTimestamps(records, pki.tsa);
        List<byte[]> twice = EvidenceRecords.renewTimestamps(renewed, pki.tsa);

        Clock later = Clock.fixed(LATER, ZoneOffset.UTC);
        assertThat(EvidenceRecords.archiveTimeStamps(twice.get(7))).hasSize(3);
        for (int i = 0; i < 20; i++) {
            assertThat(EvidenceRecords.problem(twice.get(i), signatures.get(i), List.of(pki.root()), later))
                    .as("record %d", i).isEmpty();
        }
        // a renewal by a TSA the verifier does not trust is found
        TestPki other = new TestPki(Clock.fixed(SIGNED, ZoneOffset.UTC));
        List<byte[]> foreign = EvidenceRecords.renewTimestamps(records, other.tsa);
        assertThat(EvidenceRecords.problem(foreign.get(3), signatures.get(3), List.of(pki.root()), later))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("archive timestamp renewal 1"));
    }

    @Test
    void aHashTreeRenewalStartsAChainUnderTheNewAlgorithmThatCoversTheOldOne() throws Exception {
        TestPki pki = new TestPki(Clock.fixed(SIGNED, ZoneOffset.UTC));
        TestPki.Holder doctor = pki.issue("CN=赵医生,O=Test Hospital,C=CN,SERIALNUMBER=D0005",
                SIGNED.minus(Duration.ofDays(1)), SIGNED.plus(Duration.ofDays(30)));
        CmsSigner signer = CmsSigner.builder().key(doctor.key()).certificate(doctor.certificate()).chain(pki.chain())
                .attached(false).clock(Clock.fixed(SIGNED, ZoneOffset.UTC)).build();
        List<byte[]> signatures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            signatures.add(signer.sign(("麻醉记录 " + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<byte[]> records = EvidenceRecords.renewTimestamps(EvidenceRecords.build(signatures, pki.tsa), pki.tsa);

        // SM3 is to be replaced: every record gets a second chain under SHA-256, itself renewed once
        List<byte[]> rehashed = EvidenceRecords.renewTimestamps(
                EvidenceRecords.renewHashTrees(records, signatures, Digests.SHA256, pki.tsa), pki.tsa);

        Clock later = Clock.fixed(LATER, ZoneOffset.UTC);
        var chains = EvidenceRecords.chains(rehashed.get(4));
        assertThat(chains).hasSize(2);
        assertThat(chains[0].getArchiveTimestamps()).hasSize(2);
        assertThat(chains[1].getArchiveTimestamps()).hasSize(2);
        assertThat(chains[1].getArchiveTimestamps()[0].getDigestAlgorithmIdentifier()).isEqualTo(Digests.SHA256);
        for (int i = 0; i < 12; i++) {
            assertThat(EvidenceRecords.problem(rehashed.get(i), signatures.get(i), List.of(pki.root()), later))
                    .as("record %d", i).isEmpty();
        }
        assertThat(EvidenceRecords.problem(rehashed.get(4), signatures.get(5), List.of(pki.root()), later))
                .get().asString().startsWith("the evidence record does not cover this signature");

        // a new chain from a TSA the verifier does not trust is found and named
        TestPki other = new TestPki(Clock.fixed(SIGNED, ZoneOffset.UTC));
        List<byte[]> foreign = EvidenceRecords.renewHashTrees(records, signatures, Digests.SHA256, other.tsa);
        assertThat(EvidenceRecords.problem(foreign.get(2), signatures.get(2), List.of(pki.root()), later))
                .get().asString().startsWith("hash-tree renewal 1:");

        // a new chain grafted from another record does not cover this one's data and chains
        byte[] grafted = graft(records.get(6), EvidenceRecords.chains(rehashed.get(7))[1]);
        assertThat(EvidenceRecords.problem(grafted, signatures.get(6), List.of(pki.root()), later))
                .get().asString().startsWith("hash-tree renewal 1:");

        // only the data object a record covers can be carried into a new chain
        assertThatThrownBy(() -> EvidenceRecords.renewHashTrees(List.of(records.get(0)), List.of(signatures.get(1)),
                Digests.SHA256, pki.tsa)).isInstanceOf(CryptoOperationException.class);
    }

    /** {@code record} with {@code chain} appended as a further ArchiveTimeStampChain. */
    private static byte[] graft(byte[] record, org.bouncycastle.asn1.tsp.ArchiveTimeStampChain chain) throws Exception {
        var parsed = new org.bouncycastle.tsp.ers.ERSEvidenceRecord(record, Digests.provider()).toASN1Structure();
        var chains = new ArrayList<>(List.of(parsed.getArchiveTimeStampSequence().getArchiveTimeStampChains()));
        chains.add(chain);
        return new org.bouncycastle.asn1.tsp.EvidenceRecord(new org.bouncycastle.asn1.x509.AlgorithmIdentifier[] {
                Digests.SM3, Digests.SHA256}, null, null, new org.bouncycastle.asn1.tsp.ArchiveTimeStampSequence(
                chains.toArray(org.bouncycastle.asn1.tsp.ArchiveTimeStampChain[]::new))).getEncoded();
    }
}
