package org.medsign.hub.mobile;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.crypto.ca.CertificateStatus;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.sm.SignerId;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.SealedSignatureValues;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.medsign.hub.evidence.SignatureRecordRepository.SignerSignature;
import org.medsign.hub.evidence.SignedDocuments;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.pki.TrustServices;
import org.springframework.stereotype.Component;

/**
 * The signer's own signatures (签名历史) in the app: newest first, each with the status of its certificate now
 * (revoked or frozen since, as the hub's CA reports it; the ledger's state for a certificate another CA issued), and
 * one signature's full verification by {@link TrustServices} against the document the hub keeps. Only the signer's
 * own: another signer's signature is {@code SIGNATURE_UNKNOWN}, as if it did not exist.
 */
@Component
public class SignatureHistory {

    /** Signatures listed when the app names no limit. */
    public static final int DEFAULT_LIMIT = 50;
    /** The most signatures one call lists. */
    public static final int MAX_LIMIT = 500;

    /** A signature's status in the history: its certificate's, now. */
    public enum Status {
        /** The certificate is in good standing (also when renewed since or expired: the signature stays valid). */
        VALID,
        /** The certificate has been revoked since. */
        CERTIFICATE_REVOKED,
        /** The certificate is frozen (certificateHold) now. */
        CERTIFICATE_FROZEN
    }

    /**
     * One signature in the history.
     *
     * @param statusSince when the certificate was revoked or frozen (null when VALID or not known)
     */
    public record Entry(String signatureId, String system, String requestId, String documentId, String scenario,
                        String operation, Instant signedAt, String certificateSerial, boolean timestamp,
                        Instant timestampTime, Status status, Instant statusSince) {
    }

    /**
     * One signature verified now.
     *
     * @param documentAvailable whether the hub still keeps the document (a detached signature cannot be verified
     *                          without it: the verification then says so)
     * @param verification      the verification: for a CMS the report of {@link TrustServices#verifyMessage}; for a
     *                          raw SM2 signature, valid when the signature over the document and the certificate's
     *                          path both are, with the path's report
     */
    public record Detail(Entry signature, boolean documentAvailable, TrustServices.Verdict verification) {
    }

    private final SignatureRecordRepository signatures;
    private final SignedDocuments documents;
    private final TrustServices trust;
    private final HubPki pki;
    private final StaffCertificateRepository ledger;

    public SignatureHistory(SignatureRecordRepository signatures, SignedDocuments documents, TrustServices trust,
                            HubPki pki, StaffCertificateRepository ledger) {
        this.signatures = signatures;
        this.documents = documents;
        this.trust = trust;
        this.pki = pki;
        this.ledger = ledger;
    }

    /** The newest {@code limit} (default 50, 1…500) signatures of {@code staffId}, newest first. */
    public List<Entry> of(String staffId, Integer limit) {
        int count = limit == null ? DEFAULT_LIMIT : limit;
        if (count < 1 || count > MAX_LIMIT) {
            throw new HubException(ErrorCode.INVALID_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
        Map<String, CertificateNow> statuses = new HashMap<>();
        return signatures.signedBy(staffId, count).stream()
                .map(row -> entry(row, statuses.computeIfAbsent(row.certificateSerial(), this::certificateNow)))
                .toList();
    }

    /** {@code staffId}'s signature {@code signatureId} verified now; another signer's is SIGNATURE_UNKNOWN. */
    public Detail verify(String staffId, String signatureId) {
        SignerSignature row = signatures.signedBy(staffId, signatureId)
                .orElseThrow(() -> unknown(signatureId));
        SignedArtifact artifact = signatures.artifact(signatureId).orElseThrow(() -> unknown(signatureId));
        byte[] document = documents.signedDocument(row.requestPk()).map(SignedDocuments.SignedDocument::content)
                .orElse(null);
        TrustServices.Verdict verdict;
        if ("RAW".equals(row.operation())) {
            verdict = verifyRaw(row, artifact.signature(), document);
        } else {
            boolean attached = SealedSignatureValues.carriesContent(artifact.signature());
            verdict = trust.verifyMessage(artifact.signature(), attached ? null : document);
        }
        return new Detail(entry(row, certificateNow(row.certificateSerial())), document != null, verdict);
    }

    private TrustServices.Verdict verifyRaw(SignerSignature row, byte[] signature, byte[] document) {
        var certificate = pki.issuedCertificate(row.certificateSerial()).orElseThrow(() -> new HubException(
                ErrorCode.CERTIFICATE_UNKNOWN, "the certificate " + row.certificateSerial() + " of raw signature "
                + row.signatureId() + " was not issued by the hub's CA"));
        if (document == null) {
            return new TrustServices.Verdict(false, "INDETERMINATE", "DOCUMENT_PURGED",
                    trust.validate(certificate).report());
        }
        TrustServices.DataVerdict data = trust.verifyData(certificate, document, signature, SignerId.DEFAULT);
        return new TrustServices.Verdict(data.valid(), data.signatureValid() ? data.certificate().indication()
                : "TOTAL_FAILED", data.signatureValid() ? data.certificate().reason() : "SIGNATURE_INVALID",
                data.certificate().report());
    }

    private static HubException unknown(String signatureId) {
        return new HubException(ErrorCode.SIGNATURE_UNKNOWN, "no signature " + signatureId + " of this signer");
    }

    private static Entry entry(SignerSignature row, CertificateNow now) {
        return new Entry(row.signatureId(), row.systemId(), row.requestId(), row.documentId(), row.scenario(),
                row.operation(), row.signedAt(), row.certificateSerial(), row.timestamped(), row.timestampTime(),
                now.status(), now.since());
    }

    /** A certificate's status now. */
    private record CertificateNow(Status status, Instant since) {
    }

    /** The CA's status of the serial; for a certificate the hub's CA did not issue, the ledger's state. */
    private CertificateNow certificateNow(String serial) {
        BigInteger parsed;
        try {
            parsed = SerialNumbers.parseHex(serial);
        } catch (RuntimeException e) {
            return ledgerState(serial);
        }
        CertificateStatus status = pki.authority().status(parsed);
        return switch (status.state()) {
            case REVOKED -> new CertificateNow(Status.CERTIFICATE_REVOKED, status.revocation().revokedAt());
            case ON_HOLD -> new CertificateNow(Status.CERTIFICATE_FROZEN, status.revocation().revokedAt());
            case GOOD -> new CertificateNow(Status.VALID, null);
            case UNKNOWN -> ledgerState(serial);
        };
    }

    private CertificateNow ledgerState(String serial) {
        CertificateState state = ledger.state(serial).orElse(CertificateState.ACTIVE);
        return new CertificateNow(state == CertificateState.REVOKED ? Status.CERTIFICATE_REVOKED
                : state == CertificateState.FROZEN ? Status.CERTIFICATE_FROZEN : Status.VALID, null);
    }
}
