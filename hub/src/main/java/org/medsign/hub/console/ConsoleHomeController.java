package org.medsign.hub.console;

import jakarta.servlet.http.HttpServletResponse;
import org.medsign.hub.integration.SystemStatistics;
import org.medsign.hub.lifecycle.expiry.ExpiryWarnings;
import org.medsign.hub.lifecycle.ledger.LedgerSearch;
import org.medsign.hub.security.AdminRole;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** Login page, dashboard and the refusal page of the console. */
@Controller
public class ConsoleHomeController {

    private final LedgerSearch ledger;
    private final ExpiryWarnings expiry;
    private final SystemStatistics statistics;

    public ConsoleHomeController(LedgerSearch ledger, ExpiryWarnings expiry, SystemStatistics statistics) {
        this.ledger = ledger;
        this.expiry = expiry;
        this.statistics = statistics;
    }

    @GetMapping("/console/login")
    String login(Authentication user) {
        if (user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken)) {
            return "redirect:/console";
        }
        return "console/login";
    }

    /**
     * The dashboard: certificate counts and expiry buckets for the security and audit administrators, per-system
     * statistics for the system administrator.
     */
    @GetMapping({"/console", "/console/", "/console/dashboard"})
    String dashboard(Authentication user, Model model) {
        if (ConsoleMenu.has(user, AdminRole.SECURITY_ADMIN) || ConsoleMenu.has(user, AdminRole.AUDIT_ADMIN)) {
            model.addAttribute("statusCounts", ledger.countsByStatus());
            model.addAttribute("buckets", expiry.buckets());
        }
        if (ConsoleMenu.has(user, AdminRole.SYSTEM_ADMIN)) {
            model.addAttribute("statistics", statistics.compute(null));
        }
        model.addAttribute("active", "dashboard");
        return "console/dashboard";
    }

    /** Rendered by the security chain's access-denied handler (any method), with status 403. */
    @RequestMapping("/console/denied")
    String denied(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return "console/denied";
    }
}
