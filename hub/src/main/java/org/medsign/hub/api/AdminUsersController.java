package org.medsign.hub.api;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.security.AdminRole;
import org.medsign.hub.security.AdminUsers;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Administrator accounts (三员), managed by the system administrator. */
@RestController
@RequestMapping(path = "/api/v1/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "admin", description = "System administrator operations")
public class AdminUsersController {

    /** A new administrator. */
    public record NewAdministrator(@NotBlank String username, @NotNull AdminRole role, @NotBlank String password) {
        @Override
        public String toString() {
            return "NewAdministrator[" + username + ", " + role + "]"; // never the password
        }
    }

    private final AdminUsers users;
    private final AuditLog audit;

    public AdminUsersController(AdminUsers users, AuditLog audit) {
        this.users = users;
        this.audit = audit;
    }

    @Operation(summary = "Administrators with their roles")
    @GetMapping
    public List<AdminUsers.Administrator> list() {
        return users.list();
    }

    @Operation(summary = "Add an administrator (e.g. a second security administrator for dual control)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, String> create(@Valid @RequestBody NewAdministrator body, Authentication user) {
        users.create(body.username().trim(), body.role(), body.password());
        audit.append(AuditEvent.success(user.getName(), "SYSTEM_ADMIN", "ADMIN_CREATED", body.username().trim(),
                body.role().name()));
        return Map.of("username", body.username().trim(), "role", body.role().name());
    }
}
