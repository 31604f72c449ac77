package org.medsign.hub.api;

import java.util.Map;
import java.util.OptionalLong;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.hub.lifecycle.operations.CertificateOperations;
import org.medsign.hub.lifecycle.operations.CertificateReplacement;
import org.medsign.hub.lifecycle.operations.ControlledOperations;
import org.medsign.hub.lifecycle.operations.ReissueKind;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Certificate operations for the security administrator: freeze, unfreeze, revoke, reissue. */
@RestController
@RequestMapping(path = "/api/v1/ledger/certificates", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ledger", description = "Certificate lifecycle (security administrator)")
public class LedgerOperationsController {

    /** A reason for the record; for revoke, an RFC 5280 reason name (default unspecified). */
    public record ReasonRequest(String reason, String note) {
    }

    /**
     * A reissue: {@code kind} LOSS, DAMAGE or INFO_UPDATE; {@code reason} the operator's reason for the record;
     * {@code revocationReason} an RFC 5280 reason for the old certificate (default per kind).
     */
    public record ReissueRequest(String kind, String reason, String revocationReason) {
    }

    private final CertificateOperations operations;
    private final ControlledOperations controlled;
    private final CertificateReplacement replacement;

    public LedgerOperationsController(CertificateOperations operations, ControlledOperations controlled,
                                      CertificateReplacement replacement) {
        this.operations = operations;
        this.controlled = controlled;
        this.replacement = replacement;
    }

    /** The answer when dual control files the operation instead of doing it. */
    private static ResponseEntity<Map<String, Object>> pending(String serial, long approvalId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("serial", serial, "state", "PENDING_APPROVAL",
                "approvalId", approvalId));
    }

    @Operation(summary = "Reissue after loss or damage, or with corrected information (INFO_UPDATE): the old "
            + "certificate is revoked, a new key and certificate with the roster's name, department and post replace it")
    @PostMapping("/{serial}/reissue")
    public ResponseEntity<Map<String, Object>> reissue(@PathVariable String serial, @RequestBody ReissueRequest body,
                                                       Authentication user) {
        if (body == null || body.kind() == null) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "kind is required: LOSS, DAMAGE or INFO_UPDATE");
        }
        if (body.reason() == null || body.reason().isBlank()) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "reason is required");
        }
        ReissueKind kind;
        try {
            kind = ReissueKind.valueOf(body.kind().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "kind must be LOSS, DAMAGE or INFO_UPDATE");
        }
        RevocationReason revocation;
        try {
            revocation = body.revocationReason() == null ? null : RevocationReason.parse(body.revocationReason());
        } catch (RuntimeException e) {
            throw ApiException.badRequest(ErrorCode.REVOCATION_REASON_INVALID, e.getMessage());
        }
        OptionalLong filed = controlled.fileReissue(serial.toUpperCase(java.util.Locale.ROOT), kind, revocation,
                body.reason(), user.getName());
        if (filed.isPresent()) {
            return pending(serial.toUpperCase(java.util.Locale.ROOT), filed.getAsLong());
        }
        CertificateReplacement.Replaced replaced = replacement.reissue(serial.toUpperCase(java.util.Locale.ROOT), kind,
                revocation, body.reason(), user.getName(), "SECURITY_ADMIN");
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("serial", replaced.oldSerial());
        answer.put("state", "REVOKED");
        answer.put("revocationReason", (revocation != null ? revocation : kind.revocationReason()).rfcName());
        answer.put("newSerial", replaced.newSerial());
        answer.put("staffId", replaced.staffId());
        answer.put("notBefore", replaced.notBefore());
        answer.put("notAfter", replaced.notAfter());
        answer.put("operator", user.getName());
        return ResponseEntity.ok(answer);
    }

    @Operation(summary = "Freeze (certificateHold): signing refused at once, CRL/OCSP show certificateHold")
    @PostMapping("/{serial}/freeze")
    public ResponseEntity<Map<String, Object>> freeze(@PathVariable String serial,
                                                      @RequestBody(required = false) ReasonRequest body,
                                                      Authentication user) {
        OptionalLong filed = controlled.freeze(serial.toUpperCase(), reasonText(body), user.getName());
        return filed.isPresent() ? pending(serial.toUpperCase(), filed.getAsLong())
                : ResponseEntity.ok(Map.of("serial", serial.toUpperCase(), "state", "FROZEN"));
    }

    @Operation(summary = "Unfreeze (release certificateHold)")
    @PostMapping("/{serial}/unfreeze")
    public Map<String, String> unfreeze(@PathVariable String serial, @RequestBody(required = false) ReasonRequest body,
                                        Authentication user) {
        operations.unfreeze(serial.toUpperCase(), reasonText(body), user.getName(), "SECURITY_ADMIN");
        return Map.of("serial", serial.toUpperCase(), "state", "ACTIVE");
    }

    @Operation(summary = "Revoke with an RFC 5280 reason (keyCompromise, affiliationChanged, superseded, …)")
    @PostMapping("/{serial}/revoke")
    public ResponseEntity<Map<String, Object>> revoke(@PathVariable String serial,
                                                      @RequestBody(required = false) ReasonRequest body,
                                                      Authentication user) {
        RevocationReason reason;
        try {
            reason = body == null || body.reason() == null ? RevocationReason.UNSPECIFIED
                    : RevocationReason.parse(body.reason());
        } catch (RuntimeException e) {
            throw ApiException.badRequest(ErrorCode.REVOCATION_REASON_INVALID, e.getMessage());
        }
        String note = body == null ? null : body.note();
        OptionalLong filed = controlled.revoke(serial.toUpperCase(), reason, note, user.getName());
        return filed.isPresent() ? pending(serial.toUpperCase(), filed.getAsLong())
                : ResponseEntity.ok(Map.of("serial", serial.toUpperCase(), "state", "REVOKED", "reason",
                reason.rfcName()));
    }

    private static String reasonText(ReasonRequest body) {
        return body == null ? null : body.reason();
    }
}
