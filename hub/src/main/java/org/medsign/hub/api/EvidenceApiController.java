package org.medsign.hub.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.evidence.EvidencePackages;
import org.medsign.hub.security.AdminRole;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Evidence packages per signature, for the audit and the security administrator (the security rules refuse others). */
@RestController
@RequestMapping("/api/v1/evidence")
@Tag(name = "evidence", description = "Evidence packages (audit and security administrator)")
public class EvidenceApiController {

    private static final MediaType ZIP = new MediaType("application", "zip");

    private final EvidencePackages packages;

    public EvidenceApiController(EvidencePackages packages) {
        this.packages = packages;
    }

    @Operation(summary = "Evidence package of a signature (ZIP: document, CMS, chain, CRL of the signing time, "
            + "timestamp, audit events up to an anchor, README.md, verify.sh)")
    @GetMapping("/{signatureId}")
    public ResponseEntity<byte[]> evidence(@PathVariable String signatureId, Authentication user) {
        if (signatureId.length() > 40 || !signatureId.matches("[A-Za-z0-9-]+")) {
            throw ApiException.notFound(ErrorCode.SIGNATURE_UNKNOWN, "no signature " + signatureId.substring(0,
                    Math.min(40, signatureId.length())).replaceAll("[^A-Za-z0-9-]", "?"));
        }
        String role = user.getAuthorities().stream().anyMatch(a -> a.getAuthority()
                .equals(AdminRole.AUDIT_ADMIN.authority())) ? AdminRole.AUDIT_ADMIN.name() : AdminRole.SECURITY_ADMIN.name();
        byte[] zip = packages.export(signatureId, user.getName(), role)
                .orElseThrow(() -> ApiException.notFound(ErrorCode.SIGNATURE_UNKNOWN, "no signature " + signatureId));
        return ResponseEntity.ok().contentType(ZIP)
                .header("Content-Disposition", "attachment; filename=\"evidence-" + signatureId + ".zip\"")
                .body(zip);
    }
}
