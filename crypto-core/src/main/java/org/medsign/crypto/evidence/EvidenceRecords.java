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
        return Optional.empty();
    }
}
