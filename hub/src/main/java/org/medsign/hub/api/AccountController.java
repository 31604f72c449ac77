package org.medsign.hub.api;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.security.AccountRules.Actor;
import org.medsign.hub.security.AdminUsers;
import org.medsign.hub.security.PasswordPolicy;
import org.medsign.hub.security.WrongPasswordEvents;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The calling administrator's own account: its state and the password change (with the current password, under the
 * password policy). Reachable while a password change is required, when everything else answers 403
 * {@code PASSWORD_CHANGE_REQUIRED}.
 */
@RestController
@RequestMapping(path = "/api/v1/account", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "account", description = "The calling administrator's own account and password")
public class AccountController {

    /** A password change. */
    public record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[***]"; // never a password
        }
    }

    private final AdminUsers users;
    private final PasswordPolicy policy;
    private final ApplicationEventPublisher events;

    public AccountController(AdminUsers users, PasswordPolicy policy, ApplicationEventPublisher events) {
        this.users = users;
        this.policy = policy;
        this.events = events;
    }

    @Operation(summary = "The calling administrator's account: role, whether a password change is required")
    @GetMapping
    public Map<String, Object> account(Authentication user) {
        Actor actor = Actor.of(user);
        AdminUsers.Administrator account = users.find(actor.username())
                .orElseThrow(() -> new HubException(ErrorCode.ADMIN_UNKNOWN, "no administrator " + actor.username()));
        Instant expires = policy.properties().expires()
                ? account.passwordChangedAt().plus(policy.properties().maxAge()) : null;
        java.util.LinkedHashMap<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("username", account.username());
        answer.put("role", account.role());
        answer.put("passwordChangeRequired", account.passwordChangeRequired());
        answer.put("passwordChangedAt", account.passwordChangedAt());
        answer.put("passwordExpiresAt", expires);
        return answer;
    }

    @Operation(summary = "Change the calling administrator's password (current and new password; password policy)")
    @PostMapping(path = "/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> changePassword(@RequestBody PasswordChange body, Authentication user,
                                              HttpServletRequest request) {
        Actor actor = Actor.of(user);
        try {
            users.changePassword(actor.username(), body.currentPassword(), body.newPassword());
        } catch (HubException e) {
            if (e.code() == ErrorCode.ADMIN_PASSWORD_WRONG) {
                WrongPasswordEvents.publish(events, actor.username(), request, false);
            }
            throw e;
        }
        return Map.of("username", actor.username(), "passwordChanged", true);
    }
}
