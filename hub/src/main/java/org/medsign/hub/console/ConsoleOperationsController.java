package org.medsign.hub.console;

import java.util.Locale;

import org.medsign.crypto.ca.RevocationReason;
import org.medsign.hub.HubException;
import org.medsign.hub.lifecycle.Approvals;
import org.medsign.hub.lifecycle.CertificateOperations;
import org.medsign.hub.lifecycle.RevokeApproval;
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
    private final Approvals approvals;

    public ConsoleOperationsController(CertificateOperations operations, Approvals approvals) {
        this.operations = operations;
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
                    if (approvals.required("FREEZE")) {
                        pending(redirect, approvals.request("FREEZE", target, null, text, user.getName()));
                    } else {
                        operations.freeze(target, text, user.getName(), "SECURITY_ADMIN");
                        redirect.addFlashAttribute("done", "operation.frozen");
                    }
                }
                case "unfreeze" -> {
                    operations.unfreeze(target, text, user.getName(), "SECURITY_ADMIN");
                    redirect.addFlashAttribute("done", "operation.unfrozen");
                }
                case "revoke" -> {
                    RevocationReason revocation = revocationReason == null || revocationReason.isBlank()
                            ? RevocationReason.UNSPECIFIED : RevocationReason.parse(revocationReason.trim());
                    if (approvals.required("REVOKE")) {
                        pending(redirect, approvals.request("REVOKE", target, RevokeApproval.payload(revocation, text),
                                revocation.rfcName() + (text == null ? "" : ": " + text), user.getName()));
                    } else {
                        operations.revoke(target, revocation, text, user.getName(), "SECURITY_ADMIN");
                        redirect.addFlashAttribute("done", "operation.revoked");
                    }
                }
                default -> throw new ConsoleModel.NotFound("operation");
            }
        } catch (HubException | IllegalArgumentException e) {
            redirect.addFlashAttribute("failed", e.getMessage());
        }
        return "redirect:/console/certificates/" + target;
    }

    private static void pending(RedirectAttributes redirect, long approvalId) {
        redirect.addFlashAttribute("pendingApproval", approvalId);
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
            redirect.addFlashAttribute("failed", e.code().equals("APPROVAL_SAME_ADMINISTRATOR")
                    ? "approval.sameAdministrator" : e.getMessage());
        }
        return "redirect:/console/approvals";
    }
}
