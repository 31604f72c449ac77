package org.medsign.hub.console;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.medsign.hub.api.Paging;
import org.medsign.hub.evidence.AuditChainVerification;
import org.medsign.hub.evidence.AuditCsv;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.AuditSearch;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit administrator's pages (审计): search the audit chain by person (actor), action, target (certificate
 * serial, signature id, system, document), outcome and dates, page through it, export the matching page as CSV
 * (every column, hashes included), and see the last chain verification. Searches and exports are themselves audited
 * (filter names, not values), like the API's.
 */
@Controller
public class ConsoleAuditController {

    /** Events per page. */
    static final int PAGE_SIZE = 50;
    /** Events per CSV export. */
    static final int EXPORT_SIZE = AuditSearch.MAX_PAGE_SIZE;

    private final AuditSearch search;
    private final AuditLog audit;
    private final AuditChainVerification verification;

    public ConsoleAuditController(AuditSearch search, AuditLog audit, AuditChainVerification verification) {
        this.search = search;
        this.audit = audit;
        this.verification = verification;
    }

    @GetMapping("/console/audit")
    String events(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                  @RequestParam(required = false) String target, @RequestParam(required = false) String outcome,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(defaultValue = "0") int page, Model model, Authentication user) {
        Map<String, String> filters = filters(actor, action, target, outcome, from, to);
        AuditSearch.Filter filter;
        try {
            filter = filter(filters);
        } catch (DateTimeParseException e) {
            model.addAttribute("filterError", "ledger.filter.dateInvalid");
            filter = new AuditSearch.Filter(null, null, null, null, null, null, null);
        }
        AuditSearch.Page result = search.find(filter, Paging.page(page), PAGE_SIZE);
        audit.append(AuditEvent.success(user.getName(), "AUDIT_ADMIN", "AUDIT_SEARCH", "console",
                "filters=" + String.join(",", filter.used()) + " page=" + page + " returned=" + result.events().size()));
        model.addAttribute("filters", filters);
        model.addAttribute("result", result);
        model.addAttribute("pages", (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        model.addAttribute("verification", verification.last().orElse(null));
        model.addAttribute("active", "audit");
        return "console/audit";
    }

    @GetMapping("/console/audit/export.csv")
    ResponseEntity<byte[]> export(@RequestParam(required = false) String actor,
                                  @RequestParam(required = false) String action,
                                  @RequestParam(required = false) String target,
                                  @RequestParam(required = false) String outcome,
                                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                  Authentication user) {
        AuditSearch.Filter filter = filter(filters(actor, action, target, outcome, from, to));
        AuditSearch.Page result = search.find(filter, 0, EXPORT_SIZE);
        audit.append(AuditEvent.success(user.getName(), "AUDIT_ADMIN", "AUDIT_EXPORT", "console",
                "filters=" + String.join(",", filter.used()) + " returned=" + result.events().size()));
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] csv = AuditCsv.of(result.events()).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[bom.length + csv.length];
        System.arraycopy(bom, 0, body, 0, bom.length);
        System.arraycopy(csv, 0, body, bom.length, csv.length);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events.csv\"")
                .header("X-Total-Count", Long.toString(result.total())).body(body);
    }

    private static Map<String, String> filters(String actor, String action, String target, String outcome,
                                               String from, String to) {
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("actor", trim(actor));
        filters.put("action", trim(action));
        filters.put("target", trim(target));
        filters.put("outcome", trim(outcome));
        filters.put("from", trim(from));
        filters.put("to", trim(to));
        return filters;
    }

    /** Dates are whole days in the hospital's time zone; {@code to} includes its day. */
    private static AuditSearch.Filter filter(Map<String, String> f) {
        return new AuditSearch.Filter(blankToNull(f.get("actor")), blankToNull(f.get("action")),
                blankToNull(f.get("target")), null, blankToNull(f.get("outcome")),
                f.get("from").isEmpty() ? null
                        : LocalDate.parse(f.get("from")).atStartOfDay(ConsoleLedgerController.HOSPITAL_ZONE).toInstant(),
                f.get("to").isEmpty() ? null : LocalDate.parse(f.get("to")).plusDays(1)
                        .atStartOfDay(ConsoleLedgerController.HOSPITAL_ZONE).toInstant());
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
