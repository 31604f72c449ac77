package org.medsign.hub.api;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.mobile.AppActivations;
import org.medsign.hub.mobile.LostPhones;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The security administrator's side of the mobile app: one-time activation codes (激活码) and lost-phone reports
 * (挂失) for a staff member. Roles are checked in {@code SecurityConfiguration} ({@code /api/v1/admin/staff/**}).
 */
@RestController
@Tag(name = "mobile", description = "The clinician's mobile app (issue #13)")
public class ActivationController {

    /** A code just issued, shown once. */
    public record IssuedCode(String staffId, String code, Instant expiresAt) {
        @Override
        public String toString() {
            return "IssuedCode[" + staffId + ", ***]";
        }
    }

    private final AppActivations activations;
    private final LostPhones lostPhones;

    public ActivationController(AppActivations activations, LostPhones lostPhones) {
        this.activations = activations;
        this.lostPhones = lostPhones;
    }

    @Operation(summary = "Issue a one-time activation code for a staff member's mobile app (security administrator); "
            + "it replaces any earlier code and is shown only in this answer")
    @PostMapping(path = "/api/v1/admin/staff/{staffId}/activation", produces = MediaType.APPLICATION_JSON_VALUE)
    public IssuedCode issue(@PathVariable String staffId, Authentication user) {
        AppActivations.Issued issued = activations.issue(staffId, user.getName());
        return new IssuedCode(issued.staffId(), issued.code(), issued.expiresAt());
    }

    @Operation(summary = "Report a staff member's phone lost (挂失): ends every app session and closes every signing "
            + "window they opened (security administrator)")
    @PostMapping(path = "/api/v1/admin/staff/{staffId}/lost-phone", produces = MediaType.APPLICATION_JSON_VALUE)
    public LostPhones.Report lost(@PathVariable String staffId, Authentication user) {
        return lostPhones.report(staffId, user.getName(), "SECURITY_ADMIN");
    }
}
