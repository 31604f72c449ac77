package org.medsign.hub.api;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.SpreadsheetCsv;
import org.medsign.hub.mobile.AppActivations;
import org.medsign.hub.mobile.DeviceCampaign;
import org.medsign.hub.mobile.LostPhones;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
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
    private final DeviceCampaign campaign;

    public ActivationController(AppActivations activations, LostPhones lostPhones, DeviceCampaign campaign) {
        this.activations = activations;
        this.lostPhones = lostPhones;
        this.campaign = campaign;
    }

    @Operation(summary = "The collaborative-key campaign (协同签名): how many holders of a signing key, how many have "
            + "activated a device, and (at most 500) who is waiting; optionally one department (security "
            + "administrator)")
    @GetMapping(path = "/api/v1/admin/device-campaign", produces = MediaType.APPLICATION_JSON_VALUE)
    public DeviceCampaign.Progress campaign(@RequestParam(required = false) String department) {
        return campaign.progress(blankToNull(department));
    }

    @Operation(summary = "Issue a fresh one-time activation code to every holder who has not activated a collaborative "
            + "key (optionally one department); a CSV (UTF-8 with BOM) staff_id,name,department,code,expires_at, shown "
            + "only in this answer, for the letters to the holders (security administrator)")
    @PostMapping(path = "/api/v1/admin/device-campaign/codes", produces = "text/csv")
    public ResponseEntity<String> campaignCodes(@RequestParam(required = false) String department,
                                                Authentication user) {
        SpreadsheetCsv csv = SpreadsheetCsv.withByteOrderMark()
                .row("staff_id", "name", "department", "code", "expires_at");
        for (DeviceCampaign.Code code : campaign.issueCodes(blankToNull(department), user.getName())) {
            csv.row(code.staffId(), code.name(), code.department(), code.code(), code.expiresAt().toString());
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"device-activation-codes.csv\"")
                .header("Cache-Control", "no-store").body(csv.text());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
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
