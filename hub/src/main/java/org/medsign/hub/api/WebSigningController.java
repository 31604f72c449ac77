package org.medsign.hub.api;

import java.util.Base64;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.crypto.cms.CmsFlavour;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.SealedSignatureValues;
import org.medsign.hub.mobile.QrCodes;
import org.medsign.hub.security.WebTicketPrincipal;
import org.medsign.hub.signing.SigningException;
import org.medsign.hub.signing.SigningIntake;
import org.medsign.hub.signing.SigningOutcome;
import org.medsign.hub.signing.SigningTaskRepository;
import org.medsign.hub.signing.SigningTasks;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the JS SDK calls with a web ticket ({@code /api/v1/web/**}, see {@code WebTicketFilter}): create a signing
 * request (the body of {@code POST /api/v1/sign/message}), read its state, get its task's QR code. Everything is the
 * ticket's system's own; a ticket pinned to a request id serves only that request (403 WEB_TICKET_OUT_OF_SCOPE).
 * One answer shape for every state, so a page polls one thing: {@link WebRequestState}.
 */
@RestController
@Tag(name = "sdk")
public class WebSigningController {

    /**
     * A request as the SDK sees it: {@code PENDING} with the signer's {@code taskId}, {@code DONE} with
     * {@code signatureId} and {@code cms} (base64), {@code REJECTED} or {@code EXPIRED} with {@code code}.
     */
    public record WebRequestState(String requestId, String status, Long taskId, String signatureId, String cms,
                                  String code, String detail) {
    }

    private final SigningIntake intake;
    private final SigningTasks tasks;
    private final SigningTaskRepository taskRows;
    private final QrImages images;
    private final AuditLog audit;

    public WebSigningController(SigningIntake intake, SigningTasks tasks, SigningTaskRepository taskRows,
                                QrImages images, AuditLog audit) {
        this.intake = intake;
        this.tasks = tasks;
        this.taskRows = taskRows;
        this.images = images;
        this.audit = audit;
    }

    @Operation(summary = "Create a signing request (body of POST /api/v1/sign/message): 200 DONE (signer in a "
            + "window), 202 PENDING with taskId (the signer confirms in the app)")
    @PostMapping(path = "/api/v1/web/sign/message", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<WebRequestState> sign(@AuthenticationPrincipal WebTicketPrincipal page,
                                                @Valid @RequestBody SigningApiController.SignMessageRequest body) {
        requireScope(page, body.requestId());
        CmsFlavour flavour = body.flavour() == null || body.flavour().isBlank() ? CmsFlavour.RFC5652
                : SigningApiController.parseEnum(CmsFlavour.class, body.flavour(), "flavour");
        SigningOptions options = new SigningOptions(body.detached() == null || body.detached(), flavour,
                Sm2SignatureEncoding.DER, body.timestamp() == null || body.timestamp());
        SigningRequest request = new SigningRequest(page.systemId(), body.requestId(),
                org.medsign.adapters.model.Operation.CMS, body.signer(), body.scenario(), body.documentId(),
                body.documentType(), Base64Field.decode("content", body.content()), options);
        SigningOutcome outcome = intake.submitAndWait(request);
        WebRequestState state = state(page, outcome, body.requestId());
        return ResponseEntity.status(outcome.status() == RequestStatus.DONE ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .cacheControl(CacheControl.noStore()).body(state);
    }

    @Operation(summary = "The state of the system's request: PENDING, DONE (signatureId, cms), REJECTED, EXPIRED; "
            + "404 REQUEST_UNKNOWN")
    @GetMapping(path = "/api/v1/web/requests/{requestId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<WebRequestState> request(@AuthenticationPrincipal WebTicketPrincipal page,
                                                   @PathVariable String requestId) {
        requireScope(page, requestId);
        SigningOutcome outcome = intake.outcome(page.systemId(), requestId)
                .orElseThrow(() -> ApiException.notFound(ErrorCode.REQUEST_UNKNOWN, "no request '" + requestId + "'"));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(state(page, outcome, requestId));
    }

    @Operation(summary = "PNG QR code that opens the system's task in the clinician's app; 404 TASK_UNKNOWN")
    @GetMapping("/api/v1/web/tasks/{id}/qr")
    public ResponseEntity<byte[]> taskQr(@AuthenticationPrincipal WebTicketPrincipal page, @PathVariable long id) {
        var task = taskRows.find(id).filter(row -> row.systemId().equals(page.systemId()))
                .orElseThrow(() -> ApiException.notFound(ErrorCode.TASK_UNKNOWN, "no task " + id + " of system "
                        + page.systemId()));
        requireScope(page, task.requestId());
        return QrImages.png(QrCodes.taskLink(images.base(), id));
    }

    private WebRequestState state(WebTicketPrincipal page, SigningOutcome outcome, String requestId) {
        Long taskId = tasks.taskIdOf(outcome.requestPk()).orElse(null);
        return switch (outcome.status()) {
            case DONE -> done(page, outcome.artifact(), taskId);
            case REJECTED, EXPIRED -> new WebRequestState(requestId, outcome.status().name(), taskId, null, null,
                    outcome.errorCode() == null ? null : outcome.errorCode().name(), outcome.errorDetail());
            case FAILED, DEAD_LETTER -> throw new SigningException(outcome.errorCode(), outcome.errorDetail());
            case PENDING, RECEIVED -> new WebRequestState(requestId, outcome.status().name(), taskId, null, null,
                    null, outcome.status() == RequestStatus.PENDING
                            ? "waiting for the signer to confirm it (a pending task)" : outcome.errorDetail());
        };
    }

    private WebRequestState done(WebTicketPrincipal page, SignedArtifact artifact, Long taskId) {
        if (SealedSignatureValues.carriesContent(artifact.signature())) {
            audit.append(AuditEvent.success(page.toString(), "SYSTEM", SealedSignatureValues.CONTENT_READ,
                    artifact.signatureId(), "via the JS SDK (web ticket), request " + artifact.systemId() + "/"
                            + artifact.requestId()));
        }
        return new WebRequestState(artifact.requestId(), "DONE", taskId, artifact.signatureId(),
                Base64.getEncoder().encodeToString(artifact.signature()), null, null);
    }

    private static void requireScope(WebTicketPrincipal page, String requestId) {
        if (page.requestId() != null && !page.requestId().equals(requestId)) {
            throw new ApiException(ErrorCode.WEB_TICKET_OUT_OF_SCOPE,
                    "this ticket was issued for request '" + page.requestId() + "' only");
        }
    }
}
