package org.medsign.hub.api;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.hub.lifecycle.CertificateOperations;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Certificate operations for the security administrator: freeze, unfreeze, revoke. */
@RestController
@RequestMapping(path = "/api/v1/ledger/certificates", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ledger", description = "Certificate lifecycle (security administrator)")
public class LedgerOperationsController {

    /** A reason for the record; for revoke, an RFC 5280 reason name (default unspecified). */
    public record ReasonRequest(String reason, String note) {
    }

    private final CertificateOperations operations;

    public LedgerOperationsController(CertificateOperations operations) {
        this.operations = operations;
    }

    @Operation(summary = "Freeze (certificateHold): signing refused at once, CRL/OCSP show certificateHold")
    @PostMapping("/{serial}/freeze")
    public Map<String, String> freeze(@PathVariable String serial, @RequestBody(required = false) ReasonRequest body,
                                      Authentication user) {
        operations.freeze(serial.toUpperCase(), reasonText(body), user.getName(), "SECURITY_ADMIN");
        return Map.of("serial", serial.toUpperCase(), "state", "FROZEN");
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
    public Map<String, String> revoke(@PathVariable String serial, @RequestBody(required = false) ReasonRequest body,
                                      Authentication user) {
        RevocationReason reason;
        try {
            reason = body == null || body.reason() == null ? RevocationReason.UNSPECIFIED
                    : RevocationReason.parse(body.reason());
        } catch (RuntimeException e) {
            throw ApiException.badRequest("REVOCATION_REASON_INVALID", e.getMessage());
        }
        operations.revoke(serial.toUpperCase(), reason, body == null ? null : body.note(), user.getName(),
                "SECURITY_ADMIN");
        return Map.of("serial", serial.toUpperCase(), "state", "REVOKED", "reason", reason.rfcName());
    }

    private static String reasonText(ReasonRequest body) {
        return body == null ? null : body.reason();
    }
}
