package org.medsign.hub.console;

import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.integration.FailedRequests;
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

/**
 * Per-system statistics, the messages the adapters rejected, the accepted requests that failed and the dead letters,
 * for the system administrator.
 */
@Controller
public class ConsoleSystemsController {

    /** Rejections listed, newest first. */
    static final int LIMIT = 200;

    private final SystemStatistics statistics;
    private final InboundRejections rejections;
    private final DeadLetters deadLetters;
    private final AuditLog audit;
    private final FailedRequests failed;

    public ConsoleSystemsController(SystemStatistics statistics, InboundRejections rejections, DeadLetters deadLetters,
                                    AuditLog audit, FailedRequests failed) {
        this.statistics = statistics;
        this.rejections = rejections;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.failed = failed;
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

    /** Replays one dead-lettered request of the failed view, audited like the dead-letter replay. */
    @PostMapping("/console/systems/failures/replay")
    String replayFailure(@RequestParam long requestPk, Authentication user, RedirectAttributes redirect) {
        boolean replayed = deadLetters.replayRequest(requestPk);
        String target = "request/" + requestPk;
        audit.append(replayed ? AuditEvent.success(user.getName(), "SYSTEM_ADMIN", "DEAD_LETTER_REPLAY", target, null)
                : AuditEvent.failure(user.getName(), "SYSTEM_ADMIN", "DEAD_LETTER_REPLAY", target, "not dead-lettered"));
        redirect.addFlashAttribute(replayed ? "done" : "failed", replayed ? "deadLetters.replayed" : "deadLetters.gone");
        return "redirect:/console/systems/rejections#failures";
    }

    @GetMapping("/console/systems")
    String systems(Model model) {
        model.addAttribute("statistics", statistics.compute(null));
        model.addAttribute("active", "systems");
        return "console/systems";
    }

    /**
     * The rejected/failed view: messages the adapters refused at intake, and accepted requests that ended without a
     * signature (newest first: why, with code and category; whether the system got its failure notice; a replay
     * button where the cause was transient).
     */
    @GetMapping("/console/systems/rejections")
    String rejections(@RequestParam(required = false) String system, @RequestParam(required = false) String reference,
                      Model model) {
        model.addAttribute("rejections", rejections.find(system, reference, LIMIT));
        model.addAttribute("failures", failed.find(system, LIMIT));
        model.addAttribute("system", system == null ? "" : system);
        model.addAttribute("reference", reference == null ? "" : reference);
        model.addAttribute("active", "rejections");
        return "console/rejections";
    }
}
