package org.medsign.hub.console;

import java.time.Instant;

import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.expiry.ExpiryWarnings;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Expiry warnings (到期提醒) with their delivery state, buckets, and a scan on demand (security administrator). */
@Controller
public class ConsoleExpiryController {

    /** Warnings listed, newest first. */
    static final int LIMIT = 500;

    private final ExpiryWarnings warnings;
    private final AuditLog audit;

    public ConsoleExpiryController(ExpiryWarnings warnings, AuditLog audit) {
        this.warnings = warnings;
        this.audit = audit;
    }

    @GetMapping("/console/expiry")
    String expiry(Model model) {
        model.addAttribute("buckets", warnings.buckets());
        model.addAttribute("warnings", warnings.recent(LIMIT));
        model.addAttribute("active", "expiry");
        return "console/expiry";
    }

    /** Scans now, audited like the API's scan; the result is shown once on the list (post/redirect/get). */
    @PostMapping("/console/expiry/scan")
    String scan(Authentication user, RedirectAttributes redirect) {
        ExpiryWarnings.ScanReport report = warnings.scan(Instant.now());
        audit.append(AuditEvent.success(user.getName(), "SECURITY_ADMIN", "EXPIRY_SCAN", null,
                report.newWarnings() + " new warnings, " + report.delivered() + " delivered, " + report.failed()
                        + " failed"));
        redirect.addFlashAttribute("scan", report);
        return "redirect:/console/expiry";
    }
}
