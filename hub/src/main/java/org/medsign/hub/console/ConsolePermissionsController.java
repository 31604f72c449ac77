package org.medsign.hub.console;

import java.util.Arrays;

import org.medsign.hub.HubException;
import org.medsign.hub.seal.PermissionAction;
import org.medsign.hub.seal.PermissionRule;
import org.medsign.hub.seal.PostGrades;
import org.medsign.hub.seal.SealProperties;
import org.medsign.hub.seal.SigningPermissions;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 岗位权限 for the security administrator (issue #15 point 2): the permission matrix as a table, a form to add a rule
 * or edit one ({@code ?edit=<id>} fills it), and deleting a rule. The same {@link SigningPermissions} as the API, so
 * checks and audit are identical.
 */
@Controller
public class ConsolePermissionsController {

    private static final String PAGE = "redirect:/console/ledger/permissions";

    private final SigningPermissions permissions;
    private final SealProperties seals;

    public ConsolePermissionsController(SigningPermissions permissions, SealProperties seals) {
        this.permissions = permissions;
        this.seals = seals;
    }

    @GetMapping("/console/ledger/permissions")
    String page(@RequestParam(required = false) Long edit, Model model) {
        model.addAttribute("rules", permissions.all());
        PermissionRule editing = edit == null ? null : permissions.all().stream().filter(r -> r.id() == edit)
                .findFirst().orElseThrow(() -> new ConsoleModel.NotFound("permission rule " + edit));
        model.addAttribute("editing", editing);
        model.addAttribute("actions", Arrays.stream(PermissionAction.Kind.values()).map(Enum::name).toList());
        model.addAttribute("specialTypes", seals.specialTypes());
        model.addAttribute("grades", PostGrades.all());
        model.addAttribute("active", "permissions");
        return "console/permissions";
    }

    @PostMapping("/console/ledger/permissions")
    String create(SigningPermissions.RuleRequest rule, Authentication user, RedirectAttributes redirect) {
        PermissionRule created;
        try {
            created = permissions.create(rule, user.getName());
        } catch (HubException e) {
            return failed(redirect, e);
        }
        return done(redirect, "permissions.done.created", created.id());
    }

    @PostMapping("/console/ledger/permissions/{id}")
    String change(@PathVariable long id, SigningPermissions.RuleRequest rule, Authentication user,
                  RedirectAttributes redirect) {
        try {
            permissions.change(id, rule, user.getName());
        } catch (HubException e) {
            return failed(redirect, e);
        }
        return done(redirect, "permissions.done.changed", id);
    }

    @PostMapping("/console/ledger/permissions/{id}/delete")
    String delete(@PathVariable long id, Authentication user, RedirectAttributes redirect) {
        try {
            permissions.delete(id, user.getName());
        } catch (HubException e) {
            return failed(redirect, e);
        }
        return done(redirect, "permissions.done.deleted", id);
    }

    private static String done(RedirectAttributes redirect, String message, long id) {
        redirect.addFlashAttribute("done", message);
        redirect.addFlashAttribute("doneArgument", String.valueOf(id));
        return PAGE;
    }

    private static String failed(RedirectAttributes redirect, HubException e) {
        redirect.addFlashAttribute("failed", e.code().name());
        redirect.addFlashAttribute("failedReason", e.getMessage());
        return PAGE;
    }
}
