package org.medsign.hub.api;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.mobile.SignerTasks;
import org.medsign.hub.security.AppPrincipal;
import org.medsign.crypto.collab.SessionId;
import org.medsign.hub.signing.CollaborativeRounds;
import org.medsign.hub.signing.SigningTasks;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signer's pending tasks (待签任务) in the app: list, open, confirm with the PIN (one or a batch), reject with a
 * reason. Needs the app's bearer session; a task is only ever its own signer's.
 */
@RestController
@Tag(name = "mobile", description = "The clinician's mobile app (issue #13)")
public class MobileTasksController {

    /** A task in the inbox: never the document itself; {@code handwriting}: its confirmation needs one. */
    public record TaskView(long id, String system, String title, Instant createdAt, Instant expiresAt,
                           boolean handwriting) {

        static TaskView of(SigningTasks.Task task) {
            return new TaskView(task.id(), task.systemId(), task.title(), task.createdAt(), task.expiresAt(),
                    task.handwritingRequired());
        }
    }

    /** A confirmation: the PIN and, where the task needs it, the handwriting (base64 PNG, data: URL accepted). */
    public record Pin(String pin, String handwriting) {
        @Override
        public String toString() {
            return "Pin[…]";
        }
    }

    public record Batch(List<Long> ids, String pin) {
        @Override
        public String toString() {
            return "Batch[ids=" + ids + "]";
        }
    }

    public record Rejection(String reason) {
    }

    /** Start of a collaborative signing round: the tasks, the PIN, the handwriting where needed. */
    public record RoundStart(List<Long> ids, String pin, String handwriting) {
        @Override
        public String toString() {
            return "RoundStart[ids=" + ids + "]";
        }
    }

    /** One task's round: the session to quote, what to sign (base64), the SM2 signer ID (base64), the certificate. */
    public record RoundView(long task, String session, String message, String signerId, String serial) {
    }

    /** The device's first messages (base64 each). */
    public record RoundRequests(List<String> requests) {
    }

    /** The device's final signatures: session (hex) and r ‖ s (base64). */
    public record RoundSignatures(List<RoundSignature> signatures) {
    }

    public record RoundSignature(String session, String signature) {
    }

    private static final String DATA_URL = "data:image/png;base64,";

    private final SignerTasks tasks;

    public MobileTasksController(SignerTasks tasks) {
        this.tasks = tasks;
    }

    @Operation(summary = "Your pending tasks, oldest first")
    @GetMapping(path = "/api/v1/m/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<TaskView> pending(@AuthenticationPrincipal AppPrincipal signer) {
        return tasks.pending(signer.staffId()).stream().map(TaskView::of).toList();
    }

    @Operation(summary = "One of your tasks; 404 TASK_UNKNOWN")
    @GetMapping(path = "/api/v1/m/tasks/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public TaskView task(@AuthenticationPrincipal AppPrincipal signer, @PathVariable long id) {
        return TaskView.of(tasks.task(signer.staffId(), id));
    }

    @Operation(summary = "Confirm one task with the signing PIN (and the handwriting where its policy asks for it); "
            + "401 PIN_WRONG, 423 PIN_LOCKED, 404 TASK_UNKNOWN, 409 TASK_NOT_PENDING, 400 HANDWRITING_REQUIRED, "
            + "400 HANDWRITING_INVALID, 409 COLLAB_ROUND_REQUIRED (a collaborative key: use cosign/start)")
    @PostMapping(path = "/api/v1/m/tasks/{id}/confirm", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> confirm(@AuthenticationPrincipal AppPrincipal signer, @PathVariable long id,
                                       @RequestBody(required = false) Pin body, HttpServletRequest request) {
        byte[] handwriting = body == null || body.handwriting() == null ? null : png(body.handwriting());
        return Map.of("confirmed", tasks.confirm(signer.staffId(), List.of(id), body == null ? null : body.pin(),
                request.getRemoteAddr(), handwriting));
    }

    /** Decodes a handwriting field: base64 of a PNG, a {@code data:image/png;base64,} prefix accepted. */
    static byte[] png(String encoded) {
        String data = encoded.startsWith(DATA_URL) ? encoded.substring(DATA_URL.length()) : encoded;
        try {
            return Base64.getDecoder().decode(data.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.HANDWRITING_INVALID, "handwriting is not valid base64");
        }
    }

    @Operation(summary = "Confirm several tasks with one PIN entry (一键批量签名), all or nothing")
    @PostMapping(path = "/api/v1/m/tasks/confirm", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> confirmAll(@AuthenticationPrincipal AppPrincipal signer,
                                          @RequestBody(required = false) Batch body, HttpServletRequest request) {
        return Map.of("confirmed", tasks.confirm(signer.staffId(), body == null ? null : body.ids(),
                body == null ? null : body.pin(), request.getRemoteAddr()));
    }

    @Operation(summary = "Collaborative key (协同签名), step 1 of 3: check the PIN and open a signing round per task; "
            + "answers the session, the message to sign and the signer ID of each. 401 PIN_WRONG, 423 PIN_LOCKED, "
            + "404 TASK_UNKNOWN, 409 TASK_NOT_PENDING, 404 DEVICE_NOT_ACTIVATED (the key is hub-held: confirm)")
    @PostMapping(path = "/api/v1/m/tasks/cosign/start", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> startRound(@AuthenticationPrincipal AppPrincipal signer,
                                          @RequestBody(required = false) RoundStart body, HttpServletRequest request) {
        byte[] handwriting = body == null || body.handwriting() == null ? null : png(body.handwriting());
        Base64.Encoder b64 = Base64.getEncoder();
        return Map.of("rounds", tasks.startRound(signer.staffId(), body == null ? null : body.ids(),
                        body == null ? null : body.pin(), request.getRemoteAddr(), handwriting).stream()
                .map(round -> new RoundView(round.taskId(), round.session().hex(), b64.encodeToString(round.message()),
                        b64.encodeToString(round.signerId().bytes()), round.serial()))
                .toList());
    }

    @Operation(summary = "Collaborative key, step 2 of 3: the device's first message per session (base64); answers "
            + "the hub's (base64). 400 COLLAB_MESSAGE_INVALID (malformed, point not on the curve, e not the "
            + "document's, session unknown, replayed or expired)")
    @PostMapping(path = {"/api/v1/m/tasks/cosign/answer", "/api/v1/m/cosign/answer"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> answerRound(@AuthenticationPrincipal AppPrincipal signer,
                                           @RequestBody(required = false) RoundRequests body) {
        List<byte[]> requests = body == null || body.requests() == null ? null
                : body.requests().stream().map(value -> protocolBytes(value, "request")).toList();
        return Map.of("responses", tasks.answerRound(signer.staffId(), requests).stream()
                .map(response -> Base64.getEncoder().encodeToString(response.toBytes())).toList());
    }

    @Operation(summary = "Collaborative key, step 3 of 3: the final signatures (session, r||s base64); the tasks are "
            + "confirmed and the systems get their signed documents. 400 COLLAB_MESSAGE_INVALID (does not verify, "
            + "unknown session), 409 TASK_NOT_PENDING")
    @PostMapping(path = "/api/v1/m/tasks/cosign/finish", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> finishRound(@AuthenticationPrincipal AppPrincipal signer,
                                           @RequestBody(required = false) RoundSignatures body) {
        List<CollaborativeRounds.Finished> signatures = body == null || body.signatures() == null ? null
                : body.signatures().stream().map(MobileTasksController::finished).toList();
        return Map.of("confirmed", tasks.finishRound(signer.staffId(), signatures));
    }

    static CollaborativeRounds.Finished finished(RoundSignature signature) {
        if (signature == null || signature.session() == null || signature.signature() == null) {
            throw ApiException.badRequest(ErrorCode.COLLAB_MESSAGE_INVALID, "each signature names session and signature");
        }
        SessionId session;
        try {
            session = new SessionId(signature.session().trim());
        } catch (RuntimeException e) {
            throw ApiException.badRequest(ErrorCode.COLLAB_MESSAGE_INVALID, "session is not a session id");
        }
        return new CollaborativeRounds.Finished(session, protocolBytes(signature.signature(), "signature"));
    }

    private static byte[] protocolBytes(String value, String name) {
        if (value == null) {
            throw ApiException.badRequest(ErrorCode.COLLAB_MESSAGE_INVALID, name + " is missing");
        }
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.COLLAB_MESSAGE_INVALID, name + " is not base64");
        }
    }

    @Operation(summary = "Reject a task with a reason; the system gets its failure notice (TASK_REJECTED)")
    @PostMapping(path = "/api/v1/m/tasks/{id}/reject", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> reject(@AuthenticationPrincipal AppPrincipal signer, @PathVariable long id,
                                      @RequestBody(required = false) Rejection body) {
        tasks.reject(signer.staffId(), id, body == null ? null : body.reason());
        return Map.of("id", id, "rejected", true);
    }
}
