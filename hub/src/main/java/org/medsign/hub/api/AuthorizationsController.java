package org.medsign.hub.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.HospitalSystems;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.hub.signing.SigningAuthorizations;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing authorizations (签名授权), for the security administrator: lets a system sign for staff members without
 * a pending task each time, for a period and optionally one scenario.
 */
@RestController
@RequestMapping(path = "/api/v1/ledger/authorizations", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ledger", description = "Certificates, staff and authorizations")
public class AuthorizationsController {

    /** A grant for several staff members. */
    public record Grant(@NotBlank String system, @NotEmpty @Size(max = 10000) List<@NotBlank String> staffIds,
                        @Min(1) @Max(3650) Integer validDays, @Size(max = 64) String scenario) {
    }

    private final SigningAuthorizations authorizations;
    private final HospitalSystems systems;
    private final StaffDirectory staff;
    private final AuditLog audit;

    public AuthorizationsController(SigningAuthorizations authorizations, HospitalSystems systems,
                                    StaffDirectory staff, AuditLog audit) {
        this.authorizations = authorizations;
        this.systems = systems;
        this.staff = staff;
        this.audit = audit;
    }

    @Operation(summary = "Authorize a system to sign for staff members (default 365 days, any scenario)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Map<String, Object> grant(@Valid @RequestBody Grant body, Authentication user) {
        if (!systems.exists(body.system())) {
            throw ApiException.notFound(ErrorCode.SYSTEM_UNKNOWN, "no system '" + body.system() + "'");
        }
        Instant now = Instant.now();
        Instant until = now.plus(Duration.ofDays(body.validDays() == null ? 365 : body.validDays()));
        List<String> granted = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String staffId : body.staffIds()) {
            if (staff.staffExists(staffId)) {
                authorizations.grant(staffId, body.system(), body.scenario(), now, until, user.getName());
                granted.add(staffId);
            } else {
                unknown.add(staffId);
            }
        }
        audit.append(AuditEvent.success(user.getName(), "SECURITY_ADMIN", "AUTHORIZATION_GRANTED", body.system(),
                granted.size() + " staff until " + until));
        return Map.of("system", body.system(), "granted", granted, "unknownStaff", unknown, "validUntil", until);
    }
}
