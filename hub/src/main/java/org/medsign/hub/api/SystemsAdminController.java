package org.medsign.hub.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.integration.InboundRejections;
import org.medsign.hub.integration.SystemStatistics;
import org.medsign.hub.lifecycle.ledger.HospitalSystems;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Connected systems, for the system administrator: register a system (its API key is shown once), map its staff
 * codes to hub staff, per-system statistics, and the messages adapters refused.
 */
@RestController
@RequestMapping(path = "/api/v1/admin", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "systems", description = "Connected hospital systems, their staff codes and statistics")
public class SystemsAdminController {

    /** A new system. */
    public record NewSystem(@NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9][a-z0-9-]*") String systemId,
                            @NotBlank @Size(max = 200) String name) {
    }

    /** One staff code of a system. */
    public record Account(@NotBlank @Size(max = 64) String account, @NotBlank @Size(max = 32) String staffId) {
    }

    /** Staff codes to map. */
    public record Accounts(@NotNull @Size(max = 10000) List<@Valid Account> accounts) {
    }

    /** Outcome of a mapping: how many were new or changed, unchanged, and the refused ones with their reason. */
    public record AccountsResult(int mapped, int unchanged, List<Map<String, String>> refused) {
    }

    private final HospitalSystems systems;
    private final StaffDirectory staff;
    private final SystemStatistics statistics;
    private final InboundRejections rejections;
    private final AuditLog audit;

    public SystemsAdminController(HospitalSystems systems, StaffDirectory staff, SystemStatistics statistics,
                                  InboundRejections rejections, AuditLog audit) {
        this.systems = systems;
        this.staff = staff;
        this.statistics = statistics;
        this.rejections = rejections;
        this.audit = audit;
    }

    @Operation(summary = "Register a hospital system; the answer carries its API key, shown this once")
    @PostMapping(path = "/systems", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, String> register(@Valid @RequestBody NewSystem body, Authentication user) {
        if (systems.exists(body.systemId())) {
            throw new ApiException(ErrorCode.SYSTEM_EXISTS, "system '" + body.systemId()
                    + "' is already registered");
        }
        String key = systems.register(body.systemId(), body.name(), null);
        audit.append(AuditEvent.success(user.getName(), "SYSTEM_ADMIN", "SYSTEM_REGISTERED", body.systemId(), null));
        return Map.of("systemId", body.systemId(), "apiKey", key);
    }

    @Operation(summary = "Map a system's staff codes to hub staff (idempotent; a code mapped before is re-pointed)")
    @PutMapping(path = "/systems/{systemId}/accounts", consumes = MediaType.APPLICATION_JSON_VALUE)
    public AccountsResult accounts(@PathVariable String systemId, @Valid @RequestBody Accounts body,
                                   Authentication user) {
        if (!systems.exists(systemId)) {
            throw ApiException.notFound(ErrorCode.SYSTEM_UNKNOWN, "no system '" + systemId + "'");
        }
        int mapped = 0;
        int unchanged = 0;
        List<Map<String, String>> refused = new ArrayList<>();
        for (Account account : body.accounts()) {
            if (!staff.staffExists(account.staffId())) {
                refused.add(Map.of("account", account.account(), "reason", "no staff member " + account.staffId()));
            } else if (systems.putAccount(systemId, account.account().trim(), account.staffId())) {
                mapped++;
            } else {
                unchanged++;
            }
        }
        audit.append(AuditEvent.success(user.getName(), "SYSTEM_ADMIN", "SYSTEM_ACCOUNTS_MAPPED", systemId,
                mapped + " mapped, " + unchanged + " unchanged, " + refused.size() + " refused"));
        return new AccountsResult(mapped, unchanged, refused);
    }

    @Operation(summary = "Per-system statistics: received, signed, pending, in progress, failed, dead-lettered, "
            + "rejected, and intake-to-signature latency")
    @GetMapping("/systems/statistics")
    public List<SystemStatistics.Stats> statistics(@RequestParam(required = false) String since) {
        return statistics.compute(parseInstant(since));
    }

    @Operation(summary = "Messages, rows and files the adapters refused, newest first (no payloads)")
    @GetMapping("/rejections")
    public List<InboundRejections.Entry> rejections(@RequestParam(required = false) String system,
                                                    @RequestParam(required = false) String reference,
                                                    @RequestParam(defaultValue = "100") int limit) {
        return rejections.find(system, reference, Paging.limit(limit, 1000));
    }

    private static Instant parseInstant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "since must be an ISO-8601 instant, e.g. "
                    + "2026-11-27T00:00:00Z");
        }
    }
}
