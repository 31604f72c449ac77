package org.medsign.hub.consent;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.cms.SignatureTimestamps;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.HandwritingImages;
import org.medsign.hub.evidence.RevocationSnapshots;
import org.medsign.hub.evidence.StandaloneSignatures;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.signing.SigningIntake;
import org.medsign.hub.signing.SigningOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The patient's signature on the tablet: checks the handwriting, issues the one-time event certificate, signs a
 * detached CMS over the document with the handwriting's SM3 as a signed attribute and the signature timestamp, drops
 * the key, then in one transaction stores the signature with its image and appends the SIGN audit event; after the
 * commit the responsible clinician's co-signature is asked for as a normal signing request of the consent's system
 * (request id {@code consent:<consentId>}, scenario 知情同意书), which the signing policy turns into a pending task or
 * signs at once under an open window. Also the {@link StandaloneSignatures} of the evidence packages.
 */
@Component
public class PatientSignatures implements StandaloneSignatures {

    private static final Logger log = LoggerFactory.getLogger(PatientSignatures.class);

    private final Consents consents;
    private final ConsentRepository repository;
    private final EventCertificates certificates;
    private final HandwritingImages handwritings;
    private final HubPki pki;
    private final RevocationSnapshots revocations;
    private final AuditLog audit;
    private final SigningIntake intake;
    private final TransactionTemplate transactions;

    public PatientSignatures(Consents consents, ConsentRepository repository, EventCertificates certificates,
                             HandwritingImages handwritings, HubPki pki, RevocationSnapshots revocations,
                             AuditLog audit, SigningIntake intake, TransactionTemplate transactions) {
        this.consents = consents;
        this.repository = repository;
        this.certificates = certificates;
        this.handwritings = handwritings;
        this.pki = pki;
        this.revocations = revocations;
        this.audit = audit;
        this.intake = intake;
        this.transactions = transactions;
    }

    /**
     * Signs consent {@code consentId} for its patient with the handwriting {@code png}, submitted by the nurse
     * {@code staffId}. CONSENT_UNKNOWN (not on this nurse's tablet), CONSENT_NOT_WAITING (signed already),
     * HANDWRITING_INVALID (see {@link HandwritingImages#check}); nothing is signed on any of them.
     */
    public Consent sign(String staffId, String consentId, byte[] png) {
        Consent consent = consents.visibleTo(staffId, consentId);
        if (consent.status() != Consent.Status.WAITING_PATIENT) {
            throw notWaiting(consentId);
        }
        HandwritingImages.Checked image = HandwritingImages.check(png);
        String signatureId = UUID.randomUUID().toString();
        EventCertificates.Issued issued = certificates.issue(signatureId, consent.patientName(),
                consent.patientIdSm3());
        CMSSignedData signed = CmsSigner.builder().key(issued.key()).certificate(issued.certificate())
                .chain(pki.chain()).attached(false).handwriting(image.attribute()).timestamps(pki.timestamps())
                .build().signToCms(consent.content());
        // the key's one use is over: nothing holds it any more (see EventCertificates); the certificate stays
        issued = new EventCertificates.Issued(null, issued.certificate());
        TimeStampToken token = SignatureTimestamps.of(signed.getSignerInfos().getSigners().iterator().next());
        String serial = SerialNumbers.hex(issued.certificate().getSerialNumber());
        Consent.PatientSignature signature = new Consent.PatientSignature(signatureId,
                CmsSigner.encode(signed, org.medsign.crypto.cms.CmsFlavour.RFC5652), serial, encoded(token),
                token.getTimeStampInfo().getGenTime().toInstant(), revocations.capture(pki.currentCrl()),
                Instant.now(), staffId);
        String cosign = cosignRequestId(consentId);
        boolean stored = Boolean.TRUE.equals(transactions.execute(status -> {
            if (!repository.patientSigned(consentId, signature, cosign)) {
                return false;
            }
            handwritings.store(signatureId, image);
            audit.append(AuditEvent.success("staff:" + staffId, "NURSE", "SIGN", signatureId, "consent " + consentId
                    + " request " + consent.systemId() + "/" + consent.requestId() + " patient event-cert " + serial
                    + " key destroyed sm3 " + consent.contentSm3() + " handwriting-sm3 " + image.sm3()));
            return true;
        }));
        if (!stored) {
            throw notWaiting(consentId);
        }
        log.info("Patient signature {} made for consent {} with event certificate {}", signatureId, consentId, serial);
        Consent signedConsent = repository.find(consentId).orElseThrow();
        cosign(signedConsent);
        return signedConsent;
    }

    /**
     * Asks for the clinician's co-signature of a consent the patient signed (idempotent: the same request id with the
     * same document returns the first request); its current outcome.
     */
    public Optional<SigningOutcome> cosign(Consent consent) {
        if (consent.status() != Consent.Status.PATIENT_SIGNED) {
            return Optional.empty();
        }
        Optional<SigningOutcome> existing = intake.outcome(consent.systemId(), consent.cosignRequestId());
        if (existing.isPresent()) {
            return existing;
        }
        return Optional.of(intake.submit(new SigningRequest(consent.systemId(), consent.cosignRequestId(),
                Operation.CMS, consent.clinician(), Consents.SCENARIO, consent.requestId(), Consents.SCENARIO,
                consent.content(), SigningOptions.DEFAULT)));
    }

    @Override
    public Optional<Standalone> standalone(String signatureId) {
        return repository.findBySignature(signatureId).map(c -> new Standalone(c.systemId(), c.requestId(),
                c.contentSm3(), c.content(), c.patient().cms(), c.patient().timestampToken(), c.patient().signedAt(),
                c.patient().crlSnapshot()));
    }

    static String cosignRequestId(String consentId) {
        return "consent:" + consentId;
    }

    private static HubException notWaiting(String consentId) {
        return new HubException(ErrorCode.CONSENT_NOT_WAITING, "consent '" + consentId
                + "' is not waiting for the patient's signature");
    }

    private static byte[] encoded(TimeStampToken token) {
        try {
            return token.getEncoded();
        } catch (IOException e) {
            throw new HubException(ErrorCode.TIMESTAMP_ENCODING, "cannot encode timestamp token", e);
        }
    }
}
