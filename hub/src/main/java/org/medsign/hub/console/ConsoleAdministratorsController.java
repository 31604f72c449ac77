package org.medsign.hub.console;

import java.util.List;
import java.util.Locale;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.security.AccountRules.Actor;
import org.medsign.hub.security.AdminRole;
import org.medsign.hub.security.AdminUsers;
import org.medsign.hub.security.AdministratorAccounts;
import org.medsign.hub.security.AdministratorAccounts.Filed;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administrator accounts in the console: the security administrator requests new accounts, password resets and
 * enabling, and disables accounts; the audit administrator approves or refuses the requests (not their own account's,
 * not their own). A temporary password is rendered once in the answer to the request that generated it, never
 * stored in the session or a redirect. The system administrator has no such page.
 */
@Controller
public class ConsoleAdministratorsController {

    private static final String LIST = "redirect:/console/administrators";

    private final AdminUsers users;
    private final AdministratorAccounts accounts;

    public ConsoleAdministratorsController(AdminUsers users, AdministratorAccounts accounts) {
        this.users = users;
        this.accounts = accounts;
    }

    @GetMapping("/console/administrators")
    String list(Authentication user, Model model) {
        Actor actor = Actor.of(user);
        model.addAttribute("accounts", users.list());
        model.addAttribute("pending", accounts.requests("PENDING"));
        model.addAttribute("decided", accounts.requests(null).stream().filter(r -> !r.state().equals("PENDING"))
                .limit(30).toList());
        model.addAttribute("roles", List.of(AdminRole.values()));
        model.addAttribute("canManage", actor.role() == AdminRole.SECURITY_ADMIN);
        model.addAttribute("canDecide", actor.role() == AdminRole.AUDIT_ADMIN);
        model.addAttribute("me", actor.username());
        model.addAttribute("active", "administrators");
        return "console/administrators";
    }

    @PostMapping("/console/administrators")
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String role,
                  Authentication user, Model model, RedirectAttributes redirect) {
        AdminRole adminRole;
        try {
            adminRole = AdminRole.valueOf(role.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return failed(redirect, new HubException(ErrorCode.ADMIN_ROLE_INVALID, "unknown role"));
        }
        try {
            return temporaryPassword(accounts.requestCreation(Actor.of(user), username.trim(), adminRole), model);
        } catch (HubException e) {
            return failed(redirect, e);
        }
    }

    @PostMapping("/console/administrators/{username}/{operation}")
    String operate(@PathVariable String username, @PathVariable String operation, Authentication user, Model model,
                   RedirectAttributes redirect) {
        Actor actor = Actor.of(user);
        try {
            switch (operation) {
                case "disable" -> {
                    accounts.disable(actor, username);
                    redirect.addFlashAttribute("done", "admin.done.disabled");
                }
                case "enable" -> {
                    long id = accounts.requestEnable(actor, username).id();
                    redirect.addFlashAttribute("done", "admin.done.requested");
                    redirect.addFlashAttribute("doneId", id);
                }
                case "reset" -> {
                    return temporaryPassword(accounts.requestReset(actor, username), model);
                }
                default -> throw new ConsoleModel.NotFound("operation");
            }
        } catch (HubException e) {
            return failed(redirect, e);
        }
        return LIST;
    }

    @PostMapping("/console/administrators/requests/{id}/{decision}")
    String decide(@PathVariable long id, @PathVariable String decision, @RequestParam(required = false) String note,
                  Authentication user, RedirectAttributes redirect) {
        Actor actor = Actor.of(user);
        try {
            switch (decision) {
                case "approve" -> {
                    accounts.approve(actor, id, note);
                    redirect.addFlashAttribute("done", "admin.done.approved");
                }
                case "refuse" -> {
                    accounts.refuse(actor, id, note);
                    redirect.addFlashAttribute("done", "admin.done.refused");
                }
                default -> throw new ConsoleModel.NotFound("decision");
            }
        } catch (HubException e) {
            return failed(redirect, e);
        }
        return LIST;
    }

    private static String temporaryPassword(Filed filed, Model model) {
        model.addAttribute("filed", filed.request());
        model.addAttribute("temporaryPassword", filed.temporaryPassword());
        model.addAttribute("active", "administrators");
        return "console/administrator-password";
    }

    private static String failed(RedirectAttributes redirect, HubException e) {
        redirect.addFlashAttribute("failed", e.code());
        redirect.addFlashAttribute("failedText", e.getMessage());
        return LIST;
    }
}
