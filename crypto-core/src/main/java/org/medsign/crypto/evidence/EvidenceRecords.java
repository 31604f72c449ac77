package org.medsign.crypto.evidence;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.tsp.ArchiveTimeStamp;
import org.bouncycastle.asn1.tsp.ArchiveTimeStampChain;
import org.bouncycastle.asn1.tsp.ArchiveTimeStampSequence;
import org.bouncycastle.asn1.tsp.EvidenceRecord;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.ers.ERSArchiveTimeStamp;
import org.bouncycastle.tsp.ers.ERSArchiveTimeStampGenerator;
import org.bouncycastle.tsp.ers.ERSByteData;
import org.bouncycastle.tsp.ers.ERSData;
import org.bouncycastle.tsp.ers.ERSEvidenceRecord;
import org.bouncycastle.tsp.ers.ERSEvidenceRecordGenerator;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.tsp.TimestampSource;
import org.medsign.crypto.verify.RevocationData;
import org.medsign.crypto.verify.TimestampVerifier;
import org.medsign.crypto.verify.VerificationReport;

/**
 * RFC 4998 evidence records with SM3 (bcpkix {@code tsp.ers}): one hash tree over many data objects (here: the DER
 * CMS of signature records), its root timestamped once by the TSA (the archive timestamp), and per data object an
 * {@code EvidenceRecord} holding its reduced hash tree and that timestamp. A record proves that the data object
 * existed at the archive timestamp's time, independently of the signer certificate's later expiry.
 */
public final class EvidenceRecords {

    private EvidenceRecords() {
    }

    /** One DER EvidenceRecord per item, in the items' order, under a single archive timestamp from {@code tsa}. */
    public static List<byte[]> build(List<byte[]> items, TimestampSource tsa) {
        if (items.isEmpty()) {
            return List.of();
        }
        try {
            ERSArchiveTimeStampGenerator generator = new ERSArchiveTimeStampGenerator(Digests.calculator(Digests.SM3));
            List<ERSData> data = new ArrayList<>(items.size());
            for (byte[] item : items) {
                data.add(new ERSByteData(item));
            }
            generator.addAllData(data);
            TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
            requests.setCertReq(true);
            TimeStampRequest request = generator.generateTimeStampRequest(requests);
            TimeStampToken token = tsa.timestamp(Digests.SM3, request.getMessageImprintDigest());
            TimeStampResponse response = granted(token);
            List<ERSArchiveTimeStamp> stamps = generator.generateArchiveTimeStamps(response);
            List<ERSEvidenceRecord> records = new ERSEvidenceRecordGenerator(Digests.provider()).generate(stamps);
            List<byte[]> encoded = new ArrayList<>(records.size());
            for (ERSEvidenceRecord record : records) {
                encoded.add(record.getEncoded());
            }
            return encoded;
        } catch (IOException | org.bouncycastle.tsp.TSPException | org.bouncycastle.tsp.ers.ERSException e) {
            throw new CryptoOperationException("cannot build evidence records: " + e.getMessage(), e);
        }
    }

    /**
     * Timestamp renewal (RFC 4998 §5.2): one new archive timestamp over the last one of a batch's records (they share
     * it, so one TSA call renews the batch), appended to each record's chain. Do it before the TSA certificate of the
     * last archive timestamp expires or its algorithms weaken; the records keep proving existence at the first time.
     * Records whose last archive timestamp is not the first record's are renewed one by one.
     */
    public static List<byte[]> renewTimestamps(List<byte[]> records, TimestampSource tsa) {
        if (records.isEmpty()) {
            return List.of();
        }
        try {
            TimeStampResponse shared = renewalResponse(new ERSEvidenceRecord(records.get(0), Digests.provider()), tsa);
            List<byte[]> renewed = new ArrayList<>(records.size());
            for (byte[] record : records) {
                ERSEvidenceRecord parsed = new ERSEvidenceRecord(record, Digests.provider());
                ERSEvidenceRecord next;
                try {
                    next = parsed.renewTimeStamp(shared);
                } catch (org.bouncycastle.tsp.ers.ERSException | org.bouncycastle.tsp.TSPException e) {
                    next = parsed.renewTimeStamp(renewalResponse(parsed, tsa));
                }
                renewed.add(next.getEncoded());
            }
            return renewed;
        } catch (IOException | org.bouncycastle.tsp.TSPException | org.bouncycastle.tsp.ers.ERSException e) {
            throw new CryptoOperationException("cannot renew evidence records: " + e.getMessage(), e);
        }
    }

    private static TimeStampResponse renewalResponse(ERSEvidenceRecord record, TimestampSource tsa)
            throws org.bouncycastle.tsp.TSPException, org.bouncycastle.tsp.ers.ERSException, IOException {
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampRequest request = record.generateTimeStampRenewalRequest(requests);
        // the imprint uses the algorithm of the record's current chain (SM3 until a hash-tree renewal)
        TimeStampToken token = tsa.timestamp(new AlgorithmIdentifier(request.getMessageImprintAlgOID()),
                request.getMessageImprintDigest());
        return granted(token);
    }

    /**
     * Hash-tree renewal (RFC 4998 §5.2, "Hash-Tree Renewal"): when the hash algorithm of a record's chain (SM3 today)
     * must be replaced, the data object is hashed again under {@code algorithm} together with the DER of the whole
     * ArchiveTimeStampSequence so far; a timestamp over that value from {@code tsa} starts a new chain. The new chain
     * proves that the old one, and so the data object at the first archive timestamp's time, existed while the old
     * algorithm was still trusted. Needs the data object itself (not only its old hash), one TSA call per record.
     *
     * @param records DER evidence records
     * @param items the data objects they cover, in the same order
     */
    public static List<byte[]> renewHashTrees(List<byte[]> records, List<byte[]> items, AlgorithmIdentifier algorithm,
                                              TimestampSource tsa) {
        if (records.size() != items.size()) {
            throw new IllegalArgumentException(records.size() + " records but " + items.size() + " data objects");
        }
        List<byte[]> renewed = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            renewed.add(renewHashTree(records.get(i), items.get(i), algorithm, tsa));
        }
        return renewed;
    }

    private static byte[] renewHashTree(byte[] record, byte[] item, AlgorithmIdentifier algorithm,
                                        TimestampSource tsa) {
        try {
            ERSEvidenceRecord parsed = new ERSEvidenceRecord(record, Digests.provider());
            TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
            requests.setCertReq(true);
            TimeStampRequest request = parsed.generateHashRenewalRequest(Digests.calculator(algorithm),
                    new ERSByteData(item), requests);
            TimeStampToken token = tsa.timestamp(algorithm, request.getMessageImprintDigest());
            TimeStampResponse response = granted(token);
            return parsed.renewHash(Digests.calculator(algorithm), new ERSByteData(item), response).getEncoded();
        } catch (IOException | org.bouncycastle.tsp.TSPException | org.bouncycastle.tsp.ers.ERSException e) {
            throw new CryptoOperationException("cannot renew the hash tree of an evidence record: " + e.getMessage(), e);
        }
    }

    /**
     * The value a hash-tree renewal's first archive timestamp must cover: the data object hashed again under the new
     * chain's algorithm with the chains before it, computed the way {@link #renewHashTrees} requested it.
     */
    private static byte[] hashRenewalImprint(EvidenceRecord record, int chain, byte[] item,
                                             AlgorithmIdentifier algorithm) throws Exception {
        return chainsBefore(record, chain).generateHashRenewalRequest(Digests.calculator(algorithm),
                new ERSByteData(item), new TimeStampRequestGenerator()).getMessageImprintDigest();
    }

    /** A TSA response with status granted around {@code token} (what the bcpkix ERS generators take). */
    private static TimeStampResponse granted(TimeStampToken token) throws org.bouncycastle.tsp.TSPException, IOException {
        return new TimeStampResponse(new TimeStampResp(new PKIStatusInfo(PKIStatus.granted),
                token.toCMSSignedData().toASN1Structure()));
    }

    /** The record cut down to its first {@code count} chains (what a later chain's hash-tree renewal covered). */
    private static ERSEvidenceRecord chainsBefore(EvidenceRecord record, int count) throws Exception {
        ArchiveTimeStampChain[] chains = record.getArchiveTimeStampSequence().getArchiveTimeStampChains();
        AlgorithmIdentifier[] algorithms = new AlgorithmIdentifier[count];
        for (int i = 0; i < count; i++) {
            algorithms[i] = chains[i].getArchiveTimestamps()[0].getDigestAlgorithmIdentifier();
        }
        return new ERSEvidenceRecord(new EvidenceRecord(algorithms, null, null,
                new ArchiveTimeStampSequence(java.util.Arrays.copyOf(chains, count))), Digests.provider());
    }

    /**
     * What a renewal archive timestamp must cover (RFC 4998 §4.3 with §5.2): h = hash (the chain's algorithm) of the
     * previous timestamp token; without a reduced hash tree, h itself; else h must be among the first level's hashes,
     * the value is the hash of that level's sorted concatenation, and each further level adds its hashes to the value
     * the same way. (BouncyCastle puts the hashes of all earlier tokens of the chain in the first level.) Null when h
     * is not in the first level.
     */
    static byte[] renewalRoot(TimeStampToken previous, ArchiveTimeStamp renewal) throws IOException {
        AlgorithmIdentifier algorithm = renewal.getDigestAlgorithmIdentifier();
        byte[] value = Digests.digest(algorithm, previous.toCMSSignedData().toASN1Structure()
                .getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER));
        org.bouncycastle.asn1.tsp.PartialHashtree[] tree = renewal.getReducedHashTree();
        if (tree == null || tree.length == 0) {
            return value;
        }
        for (int level = 0; level < tree.length; level++) {
            List<byte[]> hashes = new ArrayList<>(List.of(tree[level].getValues()));
            if (level == 0) {
                byte[] covered = value;
                if (hashes.stream().noneMatch(hash -> java.util.Arrays.equals(hash, covered))) {
                    return null;
                }
            } else {
                hashes.add(value);
            }
            hashes.sort(java.util.Arrays::compareUnsigned);
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            for (byte[] hash : hashes) {
                joined.write(hash);
            }
            value = Digests.digest(algorithm, joined.toByteArray());
        }
        return value;
    }

    /** The archive timestamps of a record's first chain, oldest first. */
    static List<ArchiveTimeStamp> archiveTimeStamps(byte[] record) throws Exception {
        return List.of(chains(record)[0].getArchiveTimestamps());
    }

    /** A record's archive timestamp chains, oldest first: more than one after a hash-tree renewal. */
    static ArchiveTimeStampChain[] chains(byte[] record) throws Exception {
        return new ERSEvidenceRecord(record, Digests.provider()).toASN1Structure().getArchiveTimeStampSequence()
                .getArchiveTimeStampChains();
    }

    /**
     * Empty when {@code record} is an evidence record that covers {@code item} and whose archive timestamps all
     * verify; else why not. The first chain uses SM3: its first archive timestamp covers the record's root hash and
     * every timestamp renewal covers the token before it. A hash-tree renewal starts a further chain, whose first
     * timestamp covers the item hashed again under that chain's algorithm with all chains before it. Each timestamp's
     * TSA signature and certificate chain to {@code trust} are checked at the timestamp's own time, and none is older
     * than the one it renews.
     */
    public static Optional<String> problem(byte[] record, byte[] item, List<X509CertificateHolder> trust, Clock clock) {
        EvidenceRecord parsed;
        ArchiveTimeStampChain[] chains;
        ERSArchiveTimeStamp first;
        ERSEvidenceRecord firstChain;
        try {
            parsed = new ERSEvidenceRecord(record, Digests.provider()).toASN1Structure();
            chains = parsed.getArchiveTimeStampSequence().getArchiveTimeStampChains();
            first = new ERSArchiveTimeStamp(chains[0].getArchiveTimestamps()[0], Digests.provider());
            firstChain = chainsBefore(parsed, 1);
        } catch (Exception e) {
            return Optional.of("not an RFC 4998 evidence record");
        }
        if (!Digests.SM3.getAlgorithm().equals(first.getDigestAlgorithmIdentifier().getAlgorithm())) {
            return Optional.of("the evidence record's hash tree does not use SM3");
        }
        try {
            firstChain.validatePresent(new ERSByteData(item), first.getGenTime());
        } catch (Exception e) {
            return Optional.of("the evidence record does not cover this signature (" + e.getMessage() + ")");
        }
        TimeStampToken previous = null;
        for (int c = 0; c < chains.length; c++) {
            ArchiveTimeStamp[] stamps = chains[c].getArchiveTimestamps();
            for (int i = 0; i < stamps.length; i++) {
                String name = c == 0 ? (i == 0 ? "archive timestamp" : "archive timestamp renewal " + i)
                        : "hash-tree renewal " + c + (i == 0 ? "" : " timestamp renewal " + i);
                TimeStampToken token;
                byte[] covered;
                try {
                    token = new ERSArchiveTimeStamp(stamps[i], Digests.provider()).getTimeStampToken();
                    if (i > 0) {
                        covered = renewalRoot(previous, stamps[i]);
                    } else if (c > 0) {
                        covered = hashRenewalImprint(parsed, c, item, stamps[i].getDigestAlgorithmIdentifier());
                    } else {
                        covered = firstChain.getPrimaryRootHash();
                    }
                } catch (Exception e) {
                    return Optional.of(name + " is malformed or cannot be recomputed");
                }
                if (covered == null) {
                    return Optional.of(name + " does not cover the timestamp before it");
                }
                VerificationReport report = new TimestampVerifier(trust, RevocationData.NONE, clock)
                        .verifyTokenOverImprint(token, covered);
                if (!report.valid()) {
                    return Optional.of(name + ": " + report.firstProblem());
                }
                if (previous != null
                        && token.getTimeStampInfo().getGenTime().before(previous.getTimeStampInfo().getGenTime())) {
                    return Optional.of(name + " is older than the timestamp it renews");
                }
                previous = token;
            }
        }
        return Optional.empty();
    }
}
