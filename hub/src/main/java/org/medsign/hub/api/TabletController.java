package org.medsign.hub.api;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.consent.Consent;
import org.medsign.hub.consent.Consents;
import org.medsign.hub.consent.PatientSignatures;
import org.medsign.hub.mobile.DocumentPreviews;
import org.medsign.hub.security.AppPrincipal;
import org.medsign.hub.signing.SigningOutcome;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The patient tablet (手写签名平板, {@code /m/tablet}) operated by a nurse's app session: the consents waiting in
 * the nurse's systems, one consent with its document for the patient to read, and the patient's handwriting
 * submitted for signing.
 */
@RestController
@Tag(name = "mobile", description = "The clinician's mobile app (issue #13)")
public class TabletController {

    /** A consent in the tablet's list. */
    public record WaitingView(String id, String system, String title, String patientName, Instant createdAt) {
    }

    /** A consent opened on the tablet: the document (base64) the patient reads. */
    public record OpenView(String id, String system, String title, String patientName, String mediaType,
                           String content, String contentSm3, String status, Instant createdAt) {
    }

    /** The patient's handwriting: base64 of a PNG (a data: URL prefix is accepted). */
    public record Handwriting(String handwriting) {
        @Override
        public String toString() {
            return "Handwriting[…]";
        }
    }

    /** The outcome of the patient's signature. */
    public record SignedView(String id, String status, String patientSignatureId, String certificateSerial,
                             String clinicianRequestId, String clinicianStatus) {
    }

    /** One page of a PDF consent: {@code image} a PNG data URL; {@code reason} when it cannot be shown. */
    public record PageView(String id, int page, Integer pages, String image, Integer width, Integer height,
                           String reason) {
    }

    private final Consents consents;
    private final PatientSignatures patients;
    private final DocumentPreviews previews;

    public TabletController(Consents consents, PatientSignatures patients, DocumentPreviews previews) {
        this.consents = consents;
        this.patients = patients;
        this.previews = previews;
    }

    @Operation(summary = "Consents waiting for the patient in the systems you have an account in, oldest first")
    @GetMapping(path = "/api/v1/m/consents", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<WaitingView> waiting(@AuthenticationPrincipal AppPrincipal nurse) {
        return consents.waitingFor(nurse.staffId()).stream().map(c -> new WaitingView(c.id(), c.systemId(),
                c.title(), c.patientName(), c.createdAt())).toList();
    }

    @Operation(summary = "One consent with its document (the read is audited); 404 CONSENT_UNKNOWN")
    @GetMapping(path = "/api/v1/m/consents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public OpenView open(@AuthenticationPrincipal AppPrincipal nurse, @PathVariable String id) {
        Consent c = consents.open(nurse.staffId(), id);
        return new OpenView(c.id(), c.systemId(), c.title(), c.patientName(), c.mediaType(),
                Base64.getEncoder().encodeToString(c.content()), c.contentSm3(), c.status().name(), c.createdAt());
    }

    @Operation(summary = "One page (1-based) of a PDF consent rendered for the patient to read; 404 CONSENT_UNKNOWN, "
            + "400 INVALID_REQUEST (not a PDF, page below 1); a page beyond the last: reason PDF_NO_SUCH_PAGE")
    @GetMapping(path = "/api/v1/m/consents/{id}/pages/{page}", produces = MediaType.APPLICATION_JSON_VALUE)
    public PageView page(@AuthenticationPrincipal AppPrincipal nurse, @PathVariable String id,
                         @PathVariable int page) {
        Consent c = consents.document(nurse.staffId(), id);
        if (!Consents.PDF.equals(c.mediaType())) {
            throw ApiException.badRequest(org.medsign.adapters.model.ErrorCode.INVALID_REQUEST,
                    "consent '" + id + "' is text, not a PDF: read it from GET /api/v1/m/consents/" + id);
        }
        if (page < 1) {
            throw ApiException.badRequest(org.medsign.adapters.model.ErrorCode.INVALID_REQUEST, "pages count from 1");
        }
        DocumentPreviews.Preview rendered = previews.pdfPage(c.content(), page - 1);
        return new PageView(c.id(), page, rendered.pages(), rendered.page(), rendered.pageWidth(),
                rendered.pageHeight(), rendered.reason());
    }

    @Operation(summary = "Sign the consent for the patient with the handwriting (PNG): one-time event certificate, "
            + "CMS with the handwriting attribute; then the clinician's co-signature is requested. "
            + "400 HANDWRITING_INVALID, 404 CONSENT_UNKNOWN, 409 CONSENT_NOT_WAITING")
    @PostMapping(path = "/api/v1/m/consents/{id}/sign", produces = MediaType.APPLICATION_JSON_VALUE)
    public SignedView sign(@AuthenticationPrincipal AppPrincipal nurse, @PathVariable String id,
                           @RequestBody(required = false) Handwriting body) {
        byte[] png = MobileTasksController.png(body == null || body.handwriting() == null ? "" : body.handwriting());
        Consent signed = patients.sign(nurse.staffId(), id, png);
        SigningOutcome cosign = patients.cosign(signed).orElse(null);
        return new SignedView(signed.id(), signed.status().name(), signed.patient().signatureId(),
                signed.patient().certificateSerial(), signed.cosignRequestId(),
                cosign == null ? null : cosign.status().name());
    }
}
