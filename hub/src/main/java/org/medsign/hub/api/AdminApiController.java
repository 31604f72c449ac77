package org.medsign.hub.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.integration.RouteFiles;
import org.medsign.hub.signing.DeadLetters;
import org.medsign.hub.signing.IntakeRecovery;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operations for the system administrator: dead letters and intake recovery. */
@RestController
@RequestMapping(path = "/api/v1/admin", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "admin", description = "System administrator operations")
public class AdminApiController {

    private final DeadLetters deadLetters;
    private final IntakeRecovery recovery;
    private final AuditLog audit;
    private final RouteFiles routeFiles;

    public AdminApiController(DeadLetters deadLetters, IntakeRecovery recovery, AuditLog audit, RouteFiles routeFiles) {
        this.deadLetters = deadLetters;
        this.recovery = recovery;
        this.audit = audit;
        this.routeFiles = routeFiles;
    }

    @Operation(summary = "Route files of the connected systems and whether each loaded (with the problem if not)")
    @GetMapping("/routes")
    public List<RouteFiles.FileStatus> routes() {
        return routeFiles.status();
    }

    @Operation(summary = "Load route files added or fixed since start-up, without a restart")
    @PostMapping("/routes/reload")
    public List<RouteFiles.FileStatus> reloadRoutes(Authentication user) {
        List<RouteFiles.FileStatus> status = routeFiles.reload();
        audit.append(AuditEvent.success(user.getName(), "SYSTEM_ADMIN", "ROUTES_RELOAD", null, status.size() + " files"));
        return status;
    }

    @Operation(summary = "Requests parked in the dead-letter queue")
    @GetMapping("/dead-letters")
    public List<DeadLetters.Entry> deadLetters(@RequestParam(defaultValue = "100") int limit) {
        return deadLetters.list(Paging.limit(limit, 1000));
    }

    @Operation(summary = "Move a dead-lettered request back to the intake queue")
    @PostMapping("/dead-letters/{messageId}/replay")
    public Map<String, Object> replay(@PathVariable String messageId, Authentication user) {
        boolean moved = deadLetters.replay(messageId);
        audit.append(moved ? AuditEvent.success(user.getName(), "SYSTEM_ADMIN", "DEAD_LETTER_REPLAY", messageId, null)
                : AuditEvent.failure(user.getName(), "SYSTEM_ADMIN", "DEAD_LETTER_REPLAY", messageId, "not found"));
        if (!moved) {
            throw ApiException.notFound(ErrorCode.DEAD_LETTER_UNKNOWN, "no dead letter " + messageId);
        }
        return Map.of("replayed", messageId);
    }

    @Operation(summary = "Re-enqueue every unfinished request now")
    @PostMapping("/intake/recover")
    public Map<String, Object> recover(Authentication user) {
        int count = recovery.requeue(Instant.now());
        audit.append(AuditEvent.success(user.getName(), "SYSTEM_ADMIN", "INTAKE_RECOVER", null, count + " requests"));
        return Map.of("requeued", count);
    }
}
