package org.medsign.crypto.evidence;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.tsp.ArchiveTimeStamp;
import org.bouncycastle.asn1.tsp.TimeStampResp;
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
import org.medsign.crypto.verify.Check;
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
            TimeStampResponse response = new TimeStampResponse(new TimeStampResp(new PKIStatusInfo(PKIStatus.granted),
                    token.toCMSSignedData().toASN1Structure()));
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
        TimeStampToken token = tsa.timestamp(Digests.SM3, request.getMessageImprintDigest());
        return new TimeStampResponse(new TimeStampResp(new PKIStatusInfo(PKIStatus.granted),
                token.toCMSSignedData().toASN1Structure()));
    }

    /**
     * What a renewal archive timestamp must cover (RFC 4998 §4.3 with §5.2): h = SM3 of the previous timestamp token;
     * without a reduced hash tree, h itself; else h must be among the first level's hashes, the value is the SM3 of
     * that level's sorted concatenation, and each further level adds its hashes to the value the same way. (BouncyCastle
     * puts the hashes of all earlier tokens of the chain in the first level.) Null when h is not in the first level.
     */
    static byte[] renewalRoot(TimeStampToken previous, ArchiveTimeStamp renewal) throws IOException {
        byte[] value = org.medsign.crypto.sm.Sm3.digest(previous.toCMSSignedData().toASN1Structure()
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
            value = org.medsign.crypto.sm.Sm3.digest(joined.toByteArray());
        }
        return value;
    }

    /** The archive timestamps of a record, oldest first (the first chain: the hub never renews the hash tree). */
    static List<ArchiveTimeStamp> archiveTimeStamps(byte[] record) throws Exception {
        ERSEvidenceRecord parsed = new ERSEvidenceRecord(record, Digests.provider());
        return List.of(parsed.toASN1Structure().getArchiveTimeStampSequence().getArchiveTimeStampChains()[0]
                .getArchiveTimestamps());
    }

    /**
     * Empty when {@code record} is an SM3 evidence record that covers {@code item} and whose archive timestamp
     * verifies (imprint = the record's root hash, TSA signature, TSA certificate chaining to {@code trust} at the
     * timestamp's time); else why not.
     */
    public static Optional<String> problem(byte[] record, byte[] item, List<X509CertificateHolder> trust, Clock clock) {
        ERSEvidenceRecord parsed;
        ERSArchiveTimeStamp first;
        try {
            parsed = new ERSEvidenceRecord(record, Digests.provider());
            ArchiveTimeStamp stamp = parsed.toASN1Structure().getArchiveTimeStampSequence().getArchiveTimeStampChains()[0]
                    .getArchiveTimestamps()[0];
            first = new ERSArchiveTimeStamp(stamp, Digests.provider());
        } catch (Exception e) {
            return Optional.of("not an RFC 4998 evidence record");
        }
        if (!Digests.SM3.getAlgorithm().equals(first.getDigestAlgorithmIdentifier().getAlgorithm())) {
            return Optional.of("the evidence record's hash tree does not use SM3");
        }
        Date genTime = first.getGenTime();
        try {
            parsed.validatePresent(new ERSByteData(item), genTime);
        } catch (Exception e) {
            return Optional.of("the evidence record does not cover this signature (" + e.getMessage() + ")");
        }
        TimeStampToken token = first.getTimeStampToken();
        byte[] root;
        try {
            root = parsed.getPrimaryRootHash();
        } catch (Exception e) {
            return Optional.of("cannot compute the evidence record's root hash");
        }
        VerificationReport report = new TimestampVerifier(trust, RevocationData.NONE, clock).verifyTokenOverImprint(token,
                root);
        if (!report.valid()) {
            return Optional.of("archive timestamp: " + report.checks().stream()
                    .filter(c -> c.status() == Check.Status.FAILED || c.status() == Check.Status.INDETERMINATE)
                    .findFirst().map(c -> c.name() + ": " + c.detail()).orElse(String.valueOf(report.reason())));
        }
        // timestamp renewals: each covers the previous archive timestamp's token and is valid on its own
        List<ArchiveTimeStamp> chain;
        try {
            chain = archiveTimeStamps(record);
        } catch (Exception e) {
            return Optional.of("cannot read the archive timestamp chain");
        }
        for (int i = 1; i < chain.size(); i++) {
            TimeStampToken previous;
            TimeStampToken renewal;
            try {
                previous = new ERSArchiveTimeStamp(chain.get(i - 1), Digests.provider()).getTimeStampToken();
                renewal = new ERSArchiveTimeStamp(chain.get(i), Digests.provider()).getTimeStampToken();
            } catch (Exception e) {
                return Optional.of("archive timestamp " + (i + 1) + " is malformed");
            }
            byte[] covered;
            try {
                covered = renewalRoot(previous, chain.get(i));
            } catch (IOException e) {
                return Optional.of("archive timestamp " + i + " cannot be encoded");
            }
            if (covered == null) {
                return Optional.of("archive timestamp renewal " + i + " does not cover the timestamp before it");
            }
            VerificationReport renewed = new TimestampVerifier(trust, RevocationData.NONE, clock)
                    .verifyTokenOverImprint(renewal, covered);
            if (!renewed.valid()) {
                return Optional.of("archive timestamp renewal " + i + ": " + renewed.checks().stream()
                        .filter(c -> c.status() == Check.Status.FAILED || c.status() == Check.Status.INDETERMINATE)
                        .findFirst().map(c -> c.name() + ": " + c.detail()).orElse(String.valueOf(renewed.reason())));
            }
            if (renewal.getTimeStampInfo().getGenTime().before(previous.getTimeStampInfo().getGenTime())) {
                return Optional.of("archive timestamp renewal " + i + " is older than the timestamp it renews");
            }
        }
        return Optional.empty();
    }
}
