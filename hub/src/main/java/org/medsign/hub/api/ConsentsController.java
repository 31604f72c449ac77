package org.medsign.hub.api;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.crypto.cert.Pem;
import org.medsign.hub.consent.Consent;
import org.medsign.hub.consent.Consents;
import org.medsign.hub.consent.PatientSignatures;
import org.medsign.hub.evidence.HandwritingImages;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.security.SystemPrincipal;
import org.medsign.hub.signing.SigningOutcome;
import org.medsign.hub.signing.SigningTasks;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Patient consents for hospital systems (API key): hand a consent document to the tablet, then follow it — the
 * patient's signature (CMS with the handwriting attribute, event certificate) and the clinician's co-signature.
 * Answers never carry the patient's identity number or name.
 */
@RestController
@RequestMapping(path = "/api/v1/consents", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "consents", description = "Patient consents signed on the tablet (issue #13)")
public class ConsentsController {

    /** A new consent; {@code content} is base64 of UTF-8 text or a PDF. */
    public record NewConsentBody(String requestId, String title, String content, String patientName,
                                 String patientIdNumber, String clinician) {
        @Override
        public String toString() {
            return "NewConsentBody[" + requestId + "]";
        }
    }

    /** The patient's signature: CMS (base64 DER, detached), event certificate (PEM), handwriting (base64 PNG). */
    public record PatientView(String signatureId, String cms, String eventCertificate, String certificateSerial,
                              Instant signedAt, Instant timestampTime, String handwriting, String handwritingSm3) {
    }

    /** The clinician's co-signature: its signing request in the same system, and the signature once made. */
    public record ClinicianView(String account, String requestId, String status, Long taskId, String code,
                                String signatureId, String cms, Instant signedAt) {
    }

    /** A consent as its system sees it. */
    public record ConsentView(String consentId, String requestId, String title, String mediaType, String contentSm3,
                              String status, Instant createdAt, PatientView patient, ClinicianView clinician) {
    }

    private final Consents consents;
    private final PatientSignatures patients;
    private final HandwritingImages handwritings;
    private final HubPki pki;
    private final SigningTasks tasks;

    public ConsentsController(Consents consents, PatientSignatures patients, HandwritingImages handwritings, HubPki pki,
                              SigningTasks tasks) {
        this.consents = consents;
        this.patients = patients;
        this.handwritings = handwritings;
        this.pki = pki;
        this.tasks = tasks;
    }

    @Operation(summary = "Create a consent for the patient to sign on the tablet; 400 CONSENT_INVALID, "
            + "422 SIGNER_UNKNOWN (clinician), 409 CONSENT_EXISTS")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ConsentView> create(@AuthenticationPrincipal SystemPrincipal system,
                                              @RequestBody NewConsentBody body) {
        String systemId = requireSystem(system);
        byte[] content = body.content() == null || body.content().isBlank() ? null
                : Base64Field.decode("content", body.content());
        Consent consent = consents.create(systemId, new Consents.NewConsent(body.requestId(), body.title(), content,
                body.patientName(), body.patientIdNumber(), body.clinician()));
        return ResponseEntity.status(HttpStatus.CREATED).header("Location", "/api/v1/consents/" + consent.id())
                .body(view(consent));
    }

    @Operation(summary = "A consent of this system: status, the patient's signature, the clinician's co-signature; "
            + "404 CONSENT_UNKNOWN")
    @GetMapping("/{consentId}")
    public ConsentView consent(@AuthenticationPrincipal SystemPrincipal system, @PathVariable String consentId) {
        return view(consents.ofSystem(requireSystem(system), consentId));
    }

    private ConsentView view(Consent consent) {
        PatientView patient = null;
        ClinicianView clinician = null;
        String status = consent.status().name();
        if (consent.patient() != null) {
            Consent.PatientSignature p = consent.patient();
            byte[] png = handwritings.imageOf(p.signatureId()).orElse(null);
            patient = new PatientView(p.signatureId(), b64(p.cms()), pki.issuedCertificate(p.certificateSerial())
                    .map(Pem::certificatePem).orElse(null), p.certificateSerial(), p.signedAt(), p.timestampTime(),
                    png == null ? null : b64(png), png == null ? null
                    : java.util.HexFormat.of().formatHex(org.medsign.crypto.sm.Sm3.digest(png)));
            Optional<SigningOutcome> cosign = patients.cosign(consent);
            clinician = cosign.map(o -> clinician(consent, o)).orElse(null);
            status = clinician == null ? "WAITING_CLINICIAN" : switch (clinician.status()) {
                case "DONE" -> "DONE";
                case "REJECTED", "EXPIRED", "FAILED", "DEAD_LETTER" -> "CLINICIAN_" + clinician.status();
                default -> "WAITING_CLINICIAN";
            };
        }
        return new ConsentView(consent.id(), consent.requestId(), consent.title(), consent.mediaType(),
                consent.contentSm3(), status, consent.createdAt(), patient, clinician);
    }

    private ClinicianView clinician(Consent consent, SigningOutcome outcome) {
        boolean done = outcome.status() == RequestStatus.DONE && outcome.artifact() != null;
        return new ClinicianView(consent.clinician(), consent.cosignRequestId(), outcome.status().name(),
                tasks.taskIdOf(outcome.requestPk()).orElse(null),
                outcome.errorCode() == null ? null : outcome.errorCode().name(),
                done ? outcome.artifact().signatureId() : null, done ? b64(outcome.artifact().signature()) : null,
                done ? outcome.artifact().signedAt() : null);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String requireSystem(SystemPrincipal system) {
        if (system == null) {
            throw new ApiException(ErrorCode.SYSTEM_REQUIRED, "consents are made by hospital systems with their API key");
        }
        return system.systemId();
    }
}
