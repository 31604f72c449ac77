package org.medsign.hub.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.security.AccountRules.Actor;
import org.medsign.hub.security.AdminRole;
import org.medsign.hub.security.AdminUsers;
import org.medsign.hub.security.AdministratorAccounts;
import org.medsign.hub.security.AdministratorAccounts.AccountRequest;
import org.medsign.hub.security.AdministratorAccounts.Filed;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrator accounts (三员): managed by a security administrator, each creation, enabling and password reset
 * approved by an audit administrator who is neither the account nor the requester; never by the system
 * administrator (the URL rules refuse them with 403). See {@link org.medsign.hub.security.AccountRules}.
 */
@RestController
@RequestMapping(path = "/api/v1/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "administrators", description = "Administrator accounts: security administrator with audit approval")
public class AdminUsersController {

    /** A new administrator; the hub generates the temporary password (a password in the body is refused). */
    public record NewAdministrator(String username, AdminRole role, String password) {
        @Override
        public String toString() {
            return "NewAdministrator[" + username + ", " + role + "]"; // never the password
        }
    }

    /** A decision's optional note. */
    public record Decision(String note) {
    }

    private final AdminUsers users;
    private final AdministratorAccounts accounts;

    public AdminUsersController(AdminUsers users, AdministratorAccounts accounts) {
        this.users = users;
        this.accounts = accounts;
    }

    @Operation(summary = "Administrators with their roles and state (security or audit administrator)")
    @GetMapping
    public List<AdminUsers.Administrator> list() {
        return users.list();
    }

    @Operation(summary = "Request a new administrator (security administrator); active once an audit administrator "
            + "approves. The answer carries the temporary password, shown once")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, Object> create(@RequestBody NewAdministrator body, Authentication user) {
        Actor actor = Actor.of(user);
        if (body.password() != null) {
            throw new HubException(ErrorCode.ADMIN_PASSWORD_NOT_ACCEPTED,
                    "the hub generates a temporary password for a new "
                    + "administrator, shown once; the holder chooses their own at the first login");
        }
        return filed(accounts.requestCreation(actor, body.username(), body.role()));
    }

    @Operation(summary = "Disable an administrator at once (security administrator; not the last of a role)")
    @PostMapping("/{username}/disable")
    public AdminUsers.Administrator disable(@PathVariable String username, Authentication user) {
        return accounts.disable(Actor.of(user), username);
    }

    @Operation(summary = "Request enabling a disabled administrator (security administrator; audit approval)")
    @PostMapping("/{username}/enable")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public AccountRequest enable(@PathVariable String username, Authentication user) {
        return accounts.requestEnable(Actor.of(user), username);
    }

    @Operation(summary = "Request a password reset (security administrator; audit approval). The answer carries the "
            + "temporary password, shown once; the holder must change it at the next login")
    @PostMapping("/{username}/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, Object> reset(@PathVariable String username, Authentication user) {
        return filed(accounts.requestReset(Actor.of(user), username));
    }

    @Operation(summary = "Requests about administrator accounts, newest first (state PENDING, APPROVED, REFUSED)")
    @GetMapping("/requests")
    public List<AccountRequest> requests(@RequestParam(required = false) String state) {
        return accounts.requests(state == null || state.isBlank() ? null
                : state.trim().toUpperCase(java.util.Locale.ROOT));
    }

    @Operation(summary = "Approve a request (audit administrator, not the account's holder nor its requester)")
    @PostMapping("/requests/{id}/approve")
    public AccountRequest approve(@PathVariable long id, @RequestBody(required = false) Decision body,
                                  Authentication user) {
        return accounts.approve(Actor.of(user), id, body == null ? null : body.note());
    }

    @Operation(summary = "Refuse a request (audit administrator, not the account's holder nor its requester)")
    @PostMapping("/requests/{id}/refuse")
    public AccountRequest refuse(@PathVariable long id, @RequestBody(required = false) Decision body,
                                 Authentication user) {
        return accounts.refuse(Actor.of(user), id, body == null ? null : body.note());
    }

    private static Map<String, Object> filed(Filed filed) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requestId", filed.request().id());
        answer.put("operation", filed.request().operation());
        answer.put("username", filed.request().username());
        answer.put("role", filed.request().role());
        answer.put("state", "PENDING_APPROVAL");
        answer.put("temporaryPassword", filed.temporaryPassword());
        return answer;
    }
}
