package org.medsign.hub.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.audit.AuditRecord;
import org.medsign.hub.evidence.AuditChainVerification;
import org.medsign.hub.evidence.AuditCsv;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.AuditSearch;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Audit search and export for the audit administrator (the security rules refuse, and audit, everyone else). */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "audit", description = "Audit chain search and export (audit administrator)")
public class AuditApiController {

    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private final AuditSearch search;
    private final AuditLog audit;
    private final AuditChainVerification verification;

    public AuditApiController(AuditSearch search, AuditLog audit, AuditChainVerification verification) {
        this.search = search;
        this.audit = audit;
        this.verification = verification;
    }

    /** One event as served (the stored row, hashes included, so that an auditor can re-check it). */
    public record EventView(String node, long seq, Instant time, String actor, String role, String action,
                            String target, String outcome, String detail, String prevHash, String hash) {
        static EventView of(AuditRecord r) {
            return new EventView(r.node(), r.seq(), r.time(), r.actor(), r.role(), r.action(), r.target(), r.outcome(),
                    r.detail(), r.prevHash(), r.hash());
        }
    }

    /** A page of events. */
    public record EventPage(int page, int size, long total, List<EventView> events) {
    }

    @Operation(summary = "Search audit events (filters: actor, action, target, node, outcome, from, to; paged; "
            + "format=json or csv)")
    @GetMapping("/events")
    public ResponseEntity<?> events(@RequestParam(required = false) String actor,
                                    @RequestParam(required = false) String action,
                                    @RequestParam(required = false) String target,
                                    @RequestParam(required = false) String node,
                                    @RequestParam(required = false) String outcome,
                                    @RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "100") int size,
                                    @RequestParam(defaultValue = "json") String format,
                                    Authentication user) {
        Paging.page(page);
        Paging.size(size, AuditSearch.MAX_PAGE_SIZE);
        if (!format.equals("json") && !format.equals("csv")) {
            throw ApiException.badRequest(ErrorCode.BAD_FORMAT, "format must be json or csv");
        }
        AuditSearch.Filter filter = new AuditSearch.Filter(blankToNull(actor), blankToNull(action), blankToNull(target),
                blankToNull(node), blankToNull(outcome), instant("from", from), instant("to", to));
        AuditSearch.Page result = search.find(filter, page, size);
        // searches are themselves audited: which filters (names only), the page and the count
        audit.append(AuditEvent.success(user.getName(), "AUDIT_ADMIN", format.equals("csv") ? "AUDIT_EXPORT"
                : "AUDIT_SEARCH", null, "filters=" + String.join(",", filter.used()) + " page=" + page + " size=" + size
                + " returned=" + result.events().size()));
        if (format.equals("csv")) {
            return ResponseEntity.ok().contentType(CSV)
                    .header("Content-Disposition", "attachment; filename=\"audit-events-page-" + page + ".csv\"")
                    .header("X-Total-Count", Long.toString(result.total()))
                    .body(AuditCsv.of(result.events()));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new EventPage(result.page(),
                result.size(), result.total(), result.events().stream().map(EventView::of).toList()));
    }

    @Operation(summary = "Result of the last scheduled audit chain verification")
    @GetMapping(path = "/verification", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> lastVerification() {
        return verification.last().<Map<String, Object>>map(outcome -> Map.of(
                "verifiedAt", outcome.finishedAt().toString(), "intact", outcome.result().intact(),
                "events", outcome.result().events(), "anchors", outcome.result().anchors(),
                "summary", outcome.result().summary())).orElse(Map.of("verifiedAt", "not yet"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(ErrorCode.BAD_TIME,
                    name + " must be an ISO-8601 instant, e.g. 2025-01-31T00:00:00Z");
        }
    }
}
