package org.medsign.hub.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.expiry.ExpiryWarning;
import org.medsign.hub.lifecycle.expiry.ExpiryWarnings;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Expiry warnings (到期提醒), for the security administrator: what was raised and delivered, and a scan on demand. */
@RestController
@RequestMapping(path = "/api/v1/ledger/expiry-warnings", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ledger", description = "Certificates, staff and authorizations")
public class ExpiryWarningsController {

    private final ExpiryWarnings warnings;
    private final AuditLog audit;

    public ExpiryWarningsController(ExpiryWarnings warnings, AuditLog audit) {
        this.warnings = warnings;
        this.audit = audit;
    }

    @Operation(summary = "The latest expiry warnings with their delivery state, and active certificates per bucket")
    @GetMapping
    public Map<String, Object> list(@RequestParam(defaultValue = "200") int limit) {
        List<ExpiryWarning> recent = warnings.recent(Paging.limit(limit, 5000));
        return Map.of("buckets", warnings.buckets(), "warnings", recent);
    }

    @Operation(summary = "Scan now (the scheduled scan runs every medsign.expiry.scan-interval)")
    @PostMapping("/scan")
    public ExpiryWarnings.ScanReport scan(Authentication user) {
        ExpiryWarnings.ScanReport report = warnings.scan(Instant.now());
        audit.append(AuditEvent.success(user.getName(), "SECURITY_ADMIN", "EXPIRY_SCAN", null,
                report.newWarnings() + " new warnings, " + report.delivered() + " delivered, " + report.failed()
                        + " failed"));
        return report;
    }
}
