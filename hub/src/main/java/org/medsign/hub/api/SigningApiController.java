package org.medsign.hub.api;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.crypto.cms.CmsFlavour;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.SealedSignatureValues;
import org.medsign.hub.security.SystemPrincipal;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.hub.signing.SigningException;
import org.medsign.hub.signing.SigningIntake;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.hub.signing.SigningOutcome;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.medsign.hub.signing.SigningRequestRepository;
import org.medsign.hub.signing.SigningTasks;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.medsign.adapters.model.PdfOptions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing operations for hospital systems (GM/T 0029 SignMessage and SignData over HTTP JSON). Requests go through
 * the durable intake; the answer waits for the signature up to the sync timeout, else 202 with the status URL.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "signing", description = "Sign documents and data with the clinician's certificate")
public class SigningApiController {

    /** Sign-message request (CMS). */
    public record SignMessageRequest(
            @NotBlank @Size(max = 128) @Pattern(regexp = "[\\p{Alnum}._:\\-/]+") String requestId,
            @NotBlank @Size(max = 64) String signer,
            @NotNull String content,
            Boolean detached,
            String flavour,
            Boolean timestamp,
            @Size(max = 64) String scenario,
            @Size(max = 128) String documentId,
            @Size(max = 64) String documentType) {
    }

    /** Sign-data request (raw SM2). */
    public record SignDataRequest(
            @NotBlank @Size(max = 128) @Pattern(regexp = "[\\p{Alnum}._:\\-/]+") String requestId,
            @NotBlank @Size(max = 64) String signer,
            @NotNull String data,
            String encoding,
            Boolean timestamp,
            @Size(max = 64) String scenario,
            @Size(max = 128) String documentId) {
    }

    /**
     * Where a seal goes on the PDF: {@code page} with {@code xMm}, {@code yMm} (the lower-left corner, from the page's
     * lower-left corner), {@code keyword} (关键字定位: after its first occurrence), {@code field} (an existing empty
     * signature field, signed in place) or {@code straddle} (骑缝章 at the right edges of a page range); the size is
     * the seal's unless {@code widthMm} and {@code heightMm} are given.
     */
    public record PdfPlacementRequest(Integer page, Double xMm, Double yMm, @Size(max = 32) String keyword,
                                      Double widthMm, Double heightMm, @Size(max = 64) String field,
                                      @Valid StraddleRequest straddle) {
    }

    /**
     * A straddle seal (骑缝章): strips at the right edges of pages {@code fromPage} (default 1) to {@code toPage}
     * (default and 0: the last page), {@code yMm} above the bottom edge (required).
     */
    public record StraddleRequest(Integer fromPage, Integer toPage, Double yMm) {
    }

    /** Sign-PDF request (a visible signature or seal, 电子签章). */
    public record SignPdfRequest(
            @NotBlank @Size(max = 128) @Pattern(regexp = "[\\p{Alnum}._:\\-/]+") String requestId,
            @NotBlank @Size(max = 64) String signer,
            @NotNull String pdf,
            @Size(max = 40) String sealId,
            @NotNull PdfPlacementRequest placement,
            Boolean timestamp,
            Boolean certify,
            @Size(max = 64) String scenario,
            @Size(max = 128) String documentId,
            @Size(max = 64) String documentType) {
    }

    /** A signature as returned to systems ({@code pdf}: the signed PDF of a PDF signature, base64). */
    public record SignatureResponse(String signatureId, String status, String requestId, String system, String signer,
                                    String certificateSerial, String operation, String cms, String signature,
                                    String contentSm3, Instant signedAt, Instant timestampTime, String pdf) {
    }

    /** A request that is not signed (yet); {@code taskId} names the signer's pending task (待签任务) it waits on. */
    public record RequestStatusResponse(String requestId, String status, String code, String detail, String location,
                                        Long taskId) {
    }

    private final SigningIntake intake;
    private final SigningRequestRepository requests;
    private final SignatureRecordRepository signatures;
    private final AuditLog audit;
    private final SigningTasks tasks;

    public SigningApiController(SigningIntake intake, SigningRequestRepository requests,
                                SignatureRecordRepository signatures, AuditLog audit, SigningTasks tasks) {
        this.tasks = tasks;
        this.signatures = signatures;
        this.intake = intake;
        this.requests = requests;
        this.audit = audit;
    }

    @Operation(summary = "Sign a document: CMS SignedData with SM2/SM3 (attached or detached, RFC 5652 or GM/T 0010), "
            + "with the signature timestamp as unsigned attribute")
    @PostMapping(path = "/sign/message", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> signMessage(@AuthenticationPrincipal SystemPrincipal system,
                                         @Valid @RequestBody SignMessageRequest body) {
        String systemId = requireSystem(system);
        CmsFlavour flavour = parseFlavour(body.flavour());
        SigningOptions options = new SigningOptions(body.detached() == null || body.detached(), flavour,
                Sm2SignatureEncoding.DER, body.timestamp() == null || body.timestamp());
        SigningRequest request = new SigningRequest(systemId, body.requestId(),
                org.medsign.adapters.model.Operation.CMS, body.signer(), body.scenario(), body.documentId(),
                body.documentType(), Base64Field.decode("content", body.content()), options);
        return answer(intake.submitAndWait(request), body.requestId());
    }

    @Operation(summary = "Sign data: raw SM2 signature (DER or r‖s) with the standard signer ID")
    @PostMapping(path = "/sign/data", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> signData(@AuthenticationPrincipal SystemPrincipal system,
                                      @Valid @RequestBody SignDataRequest body) {
        String systemId = requireSystem(system);
        Sm2SignatureEncoding encoding = body.encoding() == null ? Sm2SignatureEncoding.DER
                : parseEnum(Sm2SignatureEncoding.class, body.encoding(), "encoding");
        SigningOptions options = new SigningOptions(true, CmsFlavour.RFC5652, encoding,
                body.timestamp() != null && body.timestamp());
        SigningRequest request = new SigningRequest(systemId, body.requestId(),
                org.medsign.adapters.model.Operation.RAW, body.signer(), body.scenario(), body.documentId(), null,
                Base64Field.decode("data", body.data()), options);
        return answer(intake.submitAndWait(request), body.requestId());
    }

    @Operation(summary = "Sign a PDF with a visible signature or seal (电子签章): SM2/SM3 CMS in a new incremental "
            + "revision, with the signature timestamp; placed by page and mm, after a keyword, in an existing "
            + "signature field, or as a straddle seal (骑缝章)")
    @PostMapping(path = "/sign/pdf", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> signPdf(@AuthenticationPrincipal SystemPrincipal system,
                                     @Valid @RequestBody SignPdfRequest body) {
        String systemId = requireSystem(system);
        PdfOptions pdfOptions = pdfOptions(body);
        byte[] pdf = Base64Field.decode("pdf", body.pdf());
        checkPdf(pdf, pdfOptions);
        SigningRequest request = new SigningRequest(systemId, body.requestId(),
                org.medsign.adapters.model.Operation.PDF, body.signer(), body.scenario(), body.documentId(),
                body.documentType(), pdf, SigningOptions.pdf(pdfOptions, body.timestamp() == null || body.timestamp()));
        return answer(intake.submitAndWait(request), body.requestId());
    }

    private static PdfOptions pdfOptions(SignPdfRequest body) {
        PdfPlacementRequest placement = body.placement();
        try {
            StraddleRequest straddle = placement.straddle();
            if (straddle != null && (placement.yMm() != null || straddle.yMm() == null)) {
                throw new IllegalArgumentException("a straddle seal takes yMm inside \"straddle\"");
            }
            return new PdfOptions(body.sealId(), placement.page(), placement.xMm(),
                    straddle != null ? straddle.yMm() : placement.yMm(), placement.keyword(), placement.widthMm(),
                    placement.heightMm(), body.certify() != null && body.certify(), placement.field(),
                    straddle == null ? null : straddle.fromPage() == null ? Integer.valueOf(1) : straddle.fromPage(),
                    straddle == null ? null : straddle.toPage() == null ? Integer.valueOf(0) : straddle.toPage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "placement: " + e.getMessage());
        }
    }

    /**
     * Refuses, before anything is stored, a PDF that cannot take the signature (not a PDF, encrypted, locked, the page
     * or keyword missing): 400 {@code PDF_INVALID} ({@code PDF_ENCRYPTED}) with the reason. The worker checks again when it signs.
     */
    private static void checkPdf(byte[] pdf, PdfOptions options) {
        PdfOptions.Problem problem = options.problem(pdf);
        if (problem != null) {
            throw ApiException.badRequest(problem.code(), problem.reason());
        }
    }

    @Operation(summary = "The status or result of a request, by the system's request id")
    @GetMapping("/requests/{requestId}")
    public ResponseEntity<?> request(@AuthenticationPrincipal SystemPrincipal system, @PathVariable String requestId) {
        String systemId = requireSystem(system);
        SigningOutcome outcome = intake.outcome(systemId, requestId)
                .orElseThrow(() -> ApiException.notFound(ErrorCode.REQUEST_UNKNOWN, "no request '" + requestId + "'"));
        if (outcome.artifact() != null) {
            auditContentRead(outcome.artifact(), system.toString(), "SYSTEM", "GET /api/v1/requests");
        }
        if (outcome.status() == RequestStatus.REJECTED || outcome.status() == RequestStatus.EXPIRED) {
            // the signer's decision (or silence), not a failure of the call: the poll shows it as the request's status
            return ResponseEntity.ok(new RequestStatusResponse(requestId, outcome.status().name(),
                    outcome.errorCode() == null ? null : outcome.errorCode().name(), outcome.errorDetail(),
                    "/api/v1/requests/" + requestId, tasks.taskIdOf(outcome.requestPk()).orElse(null)));
        }
        return answer(outcome, requestId);
    }

    @Operation(summary = "A signature record (a CMS with attached content is a read of the document: audited)")
    @GetMapping("/signatures/{signatureId}")
    public SignatureResponse signature(@PathVariable String signatureId, Authentication user) {
        SystemPrincipal system = user.getPrincipal() instanceof SystemPrincipal principal ? principal : null;
        SignedArtifact artifact = signatures.artifact(signatureId)
                .filter(a -> system == null || a.systemId().equals(system.systemId()))
                .orElseThrow(() -> ApiException.notFound(ErrorCode.SIGNATURE_UNKNOWN,
                        "no signature '" + signatureId + "'"));
        auditContentRead(artifact, system != null ? system.toString() : user.getName(),
                system != null ? "SYSTEM" : roleOf(user), "GET /api/v1/signatures");
        return response(artifact, "DONE");
    }

    @Operation(summary = "Requests waiting for their signer's confirmation (pending tasks)")
    @GetMapping("/tasks")
    public List<RequestStatusResponse> tasks(@AuthenticationPrincipal SystemPrincipal system,
                                             @RequestParam(defaultValue = "100") int limit) {
        return requests.withStatus(org.medsign.adapters.model.RequestStatus.PENDING,
                        system == null ? null : system.systemId(), Paging.limit(limit, 1000)).stream()
                .map(s -> new RequestStatusResponse(s.request().requestId(), s.status().name(), null,
                        "waiting for " + s.staffId() + " to confirm it",
                        "/api/v1/requests/" + s.request().requestId(), tasks.taskIdOf(s.pk()).orElse(null)))
                .toList();
    }

    private ResponseEntity<?> answer(SigningOutcome outcome, String requestId) {
        return switch (outcome.status()) {
            case DONE -> ResponseEntity.ok(response(outcome.artifact(), "DONE"));
            // the final answer of a request that was not signed: refused (422…), or failed after its retries (503 with
            // Retry-After: sent again after that, the same request is tried again)
            case FAILED, DEAD_LETTER, REJECTED, EXPIRED ->
                    throw new SigningException(outcome.errorCode(), outcome.errorDetail());
            case PENDING, RECEIVED -> ResponseEntity.status(HttpStatus.ACCEPTED)
                    .header("Location", "/api/v1/requests/" + requestId)
                    .body(new RequestStatusResponse(requestId, outcome.status().name(), null,
                            outcome.status() == org.medsign.adapters.model.RequestStatus.PENDING
                                    ? "waiting for the signer to confirm it (a pending task)"
                                    : outcome.errorDetail(),
                            "/api/v1/requests/" + requestId,
                            outcome.status() == org.medsign.adapters.model.RequestStatus.PENDING
                                    ? tasks.taskIdOf(outcome.requestPk()).orElse(null) : null));
        };
    }

    static SignatureResponse response(SignedArtifact artifact, String status) {
        String encoded = Base64.getEncoder().encodeToString(artifact.signature());
        boolean cms = artifact.operation() == org.medsign.adapters.model.Operation.CMS;
        boolean pdf = artifact.operation() == org.medsign.adapters.model.Operation.PDF;
        return new SignatureResponse(artifact.signatureId(), status, artifact.requestId(), artifact.systemId(),
                artifact.staffId(), artifact.certificateSerial(), artifact.operation().name(), cms ? encoded : null,
                cms || pdf ? null : encoded, artifact.contentSm3(), artifact.signedAt(), artifact.timestampTime(),
                pdf ? encoded : null);
    }

    /**
     * Audits the read of stored document content: a CMS that carries the document (attached or enveloping) handed
     * out again after signing. Appended before the answer leaves: no audit row, no content.
     */
    private void auditContentRead(SignedArtifact artifact, String actor, String role, String via) {
        if (artifact.operation() == org.medsign.adapters.model.Operation.CMS
                && SealedSignatureValues.carriesContent(artifact.signature())) {
            audit.append(AuditEvent.success(actor, role, SealedSignatureValues.CONTENT_READ, artifact.signatureId(),
                    "via " + via + ", request " + artifact.systemId() + "/" + artifact.requestId()));
        }
    }

    /** The administrator role of {@code user} (its first role authority), e.g. AUDIT_ADMIN. */
    private static String roleOf(Authentication user) {
        return user.getAuthorities().stream().map(a -> a.getAuthority()).filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring("ROLE_".length())).findFirst().orElse("-");
    }

    private static String requireSystem(SystemPrincipal system) {
        if (system == null) {
            throw new ApiException(ErrorCode.SYSTEM_REQUIRED,
                    "signing requests are made by hospital systems with their API key");
        }
        return system.systemId();
    }

    private static CmsFlavour parseFlavour(String flavour) {
        if (flavour == null || flavour.isBlank()) {
            return CmsFlavour.RFC5652;
        }
        String normalized = flavour.replace("/", "").replace(" ", "").replace("-", "").toUpperCase();
        if (normalized.equals("GM") || normalized.equals("GMT0010")) {
            return CmsFlavour.GMT0010;
        }
        if (normalized.equals("RFC5652") || normalized.equals("PKCS7")) {
            return CmsFlavour.RFC5652;
        }
        throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "flavour must be RFC5652 or GMT0010");
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, field + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
