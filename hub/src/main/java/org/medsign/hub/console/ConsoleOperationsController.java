package org.medsign.hub.console;

import java.util.Locale;
import java.util.OptionalLong;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.hub.HubException;
import org.medsign.hub.lifecycle.operations.Approvals;
import org.medsign.hub.lifecycle.operations.CertificateOperations;
import org.medsign.hub.lifecycle.operations.ControlledOperations;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Certificate operations from the certificate page (freeze, unfreeze, revoke with a reason) and the pending approvals
 * of dual control (双人复核), for the security administrator. The same services as the API: the same records, audit
 * and dual control; results are shown once on the next page (post/redirect/get).
 */
@Controller
public class ConsoleOperationsController {

    private final CertificateOperations operations;
    private final ControlledOperations controlled;
    private final Approvals approvals;

    public ConsoleOperationsController(CertificateOperations operations, ControlledOperations controlled,
                                       Approvals approvals) {
        this.operations = operations;
        this.controlled = controlled;
        this.approvals = approvals;
    }

    @PostMapping("/console/certificates/{serial}/{operation}")
    String operate(@PathVariable String serial, @PathVariable String operation,
                   @RequestParam(required = false) String reason,
                   @RequestParam(required = false) String revocationReason, Authentication user,
                   RedirectAttributes redirect) {
        String target = serial.trim().toUpperCase(Locale.ROOT);
        String text = reason == null || reason.isBlank() ? null : reason.trim();
        try {
            switch (operation) {
                case "freeze" -> {
                    outcome(redirect, controlled.freeze(target, text, user.getName()), "operation.frozen");
                }
                case "unfreeze" -> {
                    operations.unfreeze(target, text, user.getName(), "SECURITY_ADMIN");
                    redirect.addFlashAttribute("done", "operation.unfrozen");
                }
                case "revoke" -> {
                    RevocationReason revocation = revocationReason == null || revocationReason.isBlank()
                            ? RevocationReason.UNSPECIFIED : RevocationReason.parse(revocationReason.trim());
                    outcome(redirect, controlled.revoke(target, revocation, text, user.getName()), "operation.revoked");
                }
                default -> throw new ConsoleModel.NotFound("operation");
            }
        } catch (HubException | IllegalArgumentException e) {
            redirect.addFlashAttribute("failed", e.getMessage());
        }
        return "redirect:/console/certificates/" + target;
    }

    /** Says on the next page that it was done, or which approval request it waits for. */
    static void outcome(RedirectAttributes redirect, OptionalLong approvalId, String doneMessage) {
        if (approvalId.isPresent()) {
            redirect.addFlashAttribute("pendingApproval", approvalId.getAsLong());
        } else if (doneMessage != null) {
            redirect.addFlashAttribute("done", doneMessage);
        }
    }

    @GetMapping("/console/approvals")
    String approvals(Model model) {
        model.addAttribute("pending", approvals.list("PENDING"));
        model.addAttribute("decided", approvals.list(null).stream().filter(a -> !a.state().equals("PENDING"))
                .limit(50).toList());
        model.addAttribute("active", "approvals");
        return "console/approvals";
    }

    @PostMapping("/console/approvals/{id}/{decision}")
    String decide(@PathVariable long id, @PathVariable String decision, @RequestParam(required = false) String note,
                  Authentication user, RedirectAttributes redirect) {
        try {
            if (decision.equals("approve")) {
                approvals.approve(id, user.getName(), note);
                redirect.addFlashAttribute("done", "approval.approved");
            } else if (decision.equals("reject")) {
                approvals.reject(id, user.getName(), note);
                redirect.addFlashAttribute("done", "approval.rejected");
            } else {
                throw new ConsoleModel.NotFound("decision");
            }
        } catch (HubException e) {
            redirect.addFlashAttribute("failed", e.code() == ErrorCode.APPROVAL_SAME_ADMINISTRATOR
                    ? "approval.sameAdministrator" : e.getMessage());
        }
        return "redirect:/console/approvals";
    }
}
