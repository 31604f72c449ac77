package org.medsign.hub.console;

import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.integration.InboundRejections;
import org.medsign.hub.integration.SystemStatistics;
import org.medsign.hub.signing.DeadLetters;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Per-system statistics and the messages the adapters rejected, for the system administrator. */
@Controller
public class ConsoleSystemsController {

    /** Rejections listed, newest first. */
    static final int LIMIT = 200;

    private final SystemStatistics statistics;
    private final InboundRejections rejections;
    private final DeadLetters deadLetters;
    private final AuditLog audit;

    public ConsoleSystemsController(SystemStatistics statistics, InboundRejections rejections, DeadLetters deadLetters,
                                    AuditLog audit) {
        this.statistics = statistics;
        this.rejections = rejections;
        this.deadLetters = deadLetters;
        this.audit = audit;
    }

    /** Requests the broker dead-lettered after their last failed attempt, with a replay button each. */
    @GetMapping("/console/systems/dead-letters")
    String deadLetters(Model model) {
        model.addAttribute("deadLetters", deadLetters.list(LIMIT));
        model.addAttribute("active", "deadLetters");
        return "console/dead-letters";
    }

    /** Moves one back to the intake queue, audited like the API's replay. */
    @PostMapping("/console/systems/dead-letters/replay")
    String replay(@RequestParam String messageId, Authentication user, RedirectAttributes redirect) {
        boolean moved = deadLetters.replay(messageId);
        audit.append(moved ? AuditEvent.success(user.getName(), "SYSTEM_ADMIN", "DEAD_LETTER_REPLAY", messageId, null)
                : AuditEvent.failure(user.getName(), "SYSTEM_ADMIN", "DEAD_LETTER_REPLAY", messageId, "not found"));
        redirect.addFlashAttribute(moved ? "done" : "failed", moved ? "deadLetters.replayed" : "deadLetters.gone");
        return "redirect:/console/systems/dead-letters";
    }

    @GetMapping("/console/systems")
    String systems(Model model) {
        model.addAttribute("statistics", statistics.compute(null));
        model.addAttribute("active", "systems");
        return "console/systems";
    }

    @GetMapping("/console/systems/rejections")
    String rejections(@RequestParam(required = false) String system, @RequestParam(required = false) String reference,
                      Model model) {
        model.addAttribute("rejections", rejections.find(system, reference, LIMIT));
        model.addAttribute("system", system == null ? "" : system);
        model.addAttribute("reference", reference == null ? "" : reference);
        model.addAttribute("active", "rejections");
        return "console/rejections";
    }
}
