package org.medsign.hub.api;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.hub.lifecycle.operations.StaffPins;
import org.medsign.hub.security.SystemPrincipal;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing PINs (签名密码): systems check and change a clinician's PIN on their behalf (by the system's own staff code);
 * the security administrator sees the state, unlocks (解锁) and resets (口令重置) after verifying the holder's identity.
 */
@RestController
@Tag(name = "ledger", description = "Certificate lifecycle (security administrator)")
public class PinController {

    /** A PIN to check. {@link #toString()} never shows it. */
    public record PinCheck(String pin) {
        @Override
        public String toString() {
            return "PinCheck[***]";
        }
    }

    /** A PIN change. {@link #toString()} never shows the PINs. */
    public record PinChange(String currentPin, String newPin) {
        @Override
        public String toString() {
            return "PinChange[***]";
        }
    }

    /** An administrator's unlock or reset. */
    public record AdminAction(String reason, String verificationMethod) {
    }

    private final StaffPins pins;
    private final StaffDirectory directory;

    public PinController(StaffPins pins, StaffDirectory directory) {
        this.pins = pins;
        this.directory = directory;
    }

    @Operation(summary = "Check a clinician's signing PIN (system, by its staff code); 401 PIN_WRONG, 423 PIN_LOCKED")
    @PostMapping(path = "/api/v1/staff/{account}/pin/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> verify(@AuthenticationPrincipal SystemPrincipal system, @PathVariable String account,
                                      @RequestBody PinCheck body) {
        StaffPins.Check check = pins.verify(staff(system, account), body == null ? null : body.pin(),
                "system:" + system.systemId());
        return Map.of("valid", true, "mustChange", check.mustChange());
    }

    @Operation(summary = "Set or change a clinician's signing PIN (system, by its staff code)")
    @PutMapping(path = "/api/v1/staff/{account}/pin", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> change(@AuthenticationPrincipal SystemPrincipal system, @PathVariable String account,
                                      @RequestBody PinChange body) {
        if (body == null || body.newPin() == null) {
            throw ApiException.badRequest(ErrorCode.PIN_MISSING, "send newPin (and currentPin once a PIN is set)");
        }
        pins.change(staff(system, account), body.currentPin(), body.newPin(), "system:" + system.systemId());
        return Map.of("changed", true);
    }

    @Operation(summary = "Where a staff member's signing PIN stands (security administrator)")
    @GetMapping(path = "/api/v1/ledger/staff/{staffId}/pin", produces = MediaType.APPLICATION_JSON_VALUE)
    public StaffPins.Status status(@PathVariable String staffId) {
        return pins.status(staffId);
    }

    @Operation(summary = "Unlock a PIN locked after wrong attempts (security administrator)")
    @PostMapping(path = "/api/v1/ledger/staff/{staffId}/pin/unlock", produces = MediaType.APPLICATION_JSON_VALUE)
    public StaffPins.Status unlock(@PathVariable String staffId, @RequestBody(required = false) AdminAction body,
                                   Authentication user) {
        pins.unlock(staffId, body == null ? null : body.reason(), user.getName());
        return pins.status(staffId);
    }

    @Operation(summary = "Reset a PIN after verifying the holder's identity: a one-time temporary PIN, shown once")
    @PostMapping(path = "/api/v1/ledger/staff/{staffId}/pin/reset", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> reset(@PathVariable String staffId, @RequestBody AdminAction body, Authentication user) {
        String temporary = pins.reset(staffId, body == null ? null : body.verificationMethod(),
                body == null ? null : body.reason(), user.getName());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("staffId", staffId);
        answer.put("temporaryPin", temporary);
        answer.put("mustChange", true);
        answer.put("note", "hand the temporary PIN to the holder in person; it is not stored and cannot be shown again");
        return answer;
    }

    private String staff(SystemPrincipal system, String account) {
        if (system == null) {
            throw new ApiException(ErrorCode.SYSTEM_REQUIRED, "PINs are checked by hospital systems "
                    + "with their API key");
        }
        return directory.staffForAccount(system.systemId(), account).orElseThrow(() -> ApiException.notFound(
                ErrorCode.SIGNER_UNKNOWN, "'" + account + "' is not an account of system '" + system.systemId() + "'"));
    }
}
