package org.medsign.hub.console;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.security.AccountRules.Actor;
import org.medsign.hub.security.AdminUsers;
import org.medsign.hub.security.PasswordPolicy;
import org.medsign.hub.security.PasswordRule;
import org.medsign.hub.security.WeakPasswordException;
import org.medsign.hub.security.WrongPasswordEvents;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The administrator's own password, for every role: the page a required change (first login, after a reset, past
 * the maximum age) redirects to, and where anyone changes their password with the current one. Errors name the
 * broken policy rules; passwords are never put back into the page.
 */
@Controller
public class ConsoleAccountController {

    private final AdminUsers users;
    private final PasswordPolicy policy;
    private final ApplicationEventPublisher events;

    public ConsoleAccountController(AdminUsers users, PasswordPolicy policy, ApplicationEventPublisher events) {
        this.users = users;
        this.policy = policy;
        this.events = events;
    }

    @GetMapping("/console/account/password")
    String form(Authentication user, Model model) {
        return page(user, model);
    }

    @PostMapping("/console/account/password")
    String change(@RequestParam(defaultValue = "") String currentPassword,
                  @RequestParam(defaultValue = "") String newPassword,
                  @RequestParam(defaultValue = "") String confirmPassword, Authentication user,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Actor actor = Actor.of(user);
        if (!newPassword.equals(confirmPassword)) {
            model.addAttribute("failed", "admin.password.mismatch");
        } else {
            try {
                users.changePassword(actor.username(), currentPassword, newPassword);
                return "redirect:/console/account/password?changed";
            } catch (WeakPasswordException e) {
                model.addAttribute("failed", "admin.password.weak");
                model.addAttribute("violations", e.violations());
            } catch (HubException e) {
                if (e.code() == ErrorCode.ADMIN_PASSWORD_WRONG) {
                    WrongPasswordEvents.publish(events, actor.username(), request, true);
                    model.addAttribute("failed", "admin.password.wrong");
                } else {
                    model.addAttribute("failed", "admin.error.other");
                }
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return page(user, model);
    }

    private String page(Authentication user, Model model) {
        boolean required = users.find(user.getName()).map(AdminUsers.Administrator::passwordChangeRequired)
                .orElse(false);
        model.addAttribute("required", required);
        if (required) {
            model.addAttribute("menu", List.of()); // nothing else opens before the change
        }
        model.addAttribute("policy", policy.properties());
        model.addAttribute("rules", List.of(PasswordRule.values()));
        model.addAttribute("active", "account");
        return "console/password";
    }
}
