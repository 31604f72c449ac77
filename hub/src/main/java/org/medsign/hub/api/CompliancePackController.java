package org.medsign.hub.api;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.lifecycle.inventory.Inventory;
import org.medsign.hub.lifecycle.ledger.LedgerMessages;
import org.medsign.hub.ops.CompliancePack;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The compliance pack (合规材料包) for the audit administrator: a signed ZIP (docs/operations.md). */
@RestController
@Tag(name = "operations", description = "Operations: compliance pack (audit administrator)")
public class CompliancePackController {

    private final CompliancePack pack;
    private final Inventory inventory;
    private final LedgerMessages messages;

    public CompliancePackController(CompliancePack pack, Inventory inventory, LedgerMessages messages) {
        this.pack = pack;
        this.inventory = inventory;
        this.messages = messages;
    }

    @Operation(summary = "The compliance pack for 等保 / 密评 / audits: signed ZIP (SM3SUMS + detached SM2 CMS), "
            + "verifiable with OpenSSL alone (verify.sh inside)")
    @GetMapping(path = "/api/v1/ops/compliance-pack", produces = "application/zip")
    public ResponseEntity<byte[]> compliancePack(Authentication user) {
        String csv = new InventoryExports(messages, LedgerMessages.locale(null)).csv(inventory.run(
                Inventory.DEFAULT_EXPIRING_DAYS, Inventory.DEFAULT_IDLE_DAYS, Instant.now()));
        byte[] zip = pack.export(user.getName(), "AUDIT_ADMIN", Map.of("02-certificate-inventory.csv", csv));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"medsign-compliance-pack.zip\"")
                .body(zip);
    }
}
