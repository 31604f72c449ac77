package org.medsign.hub.api;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.SpreadsheetCsv;
import org.medsign.hub.seal.SealUsage;
import org.medsign.hub.seal.SealUsageRepository;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seal use log (用章记录) for the security and audit administrators: every applied seal with who asked, who signed,
 * which document (SM3), which system and when; filters, JSON or CSV (UTF-8 with BOM, for spreadsheets).
 */
@RestController
@Tag(name = "seals", description = "Electronic seals and signature images (GB/T 38540)")
public class SealUsageController {

    /** Most rows one answer gives. */
    static final int MAX_ROWS = 10_000;

    private final SealUsageRepository usages;

    public SealUsageController(SealUsageRepository usages) {
        this.usages = usages;
    }

    @Operation(summary = "The seal use log, newest first: filter by seal, system, staff (asked or signed) and time")
    @GetMapping(path = "/api/v1/seal-usage", produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    public ResponseEntity<?> usage(@RequestParam(required = false) String seal,
                                   @RequestParam(required = false) String system,
                                   @RequestParam(required = false) String staff,
                                   @RequestParam(required = false) Instant from,
                                   @RequestParam(required = false) Instant until,
                                   @RequestParam(defaultValue = "500") int limit,
                                   @RequestParam(defaultValue = "json") String format) {
        List<SealUsage> rows = usages.find(blank(seal), blank(system), blank(staff), from, until,
                Paging.limit(limit, MAX_ROWS));
        if ("csv".equalsIgnoreCase(format)) {
            SpreadsheetCsv csv = SpreadsheetCsv.withByteOrderMark().row("used_at", "seal_id", "system", "request_id",
                    "requested_by", "signer", "certificate_serial", "scenario", "document_sm3", "signature_id");
            for (SealUsage u : rows) {
                csv.row(u.usedAt(), u.sealId(), u.systemId(), u.requestId(), u.requestedBy(), u.signerStaffId(),
                        u.certificateSerial(), u.scenario(), u.documentSm3(), u.signatureId());
            }
            return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"seal-usage.csv\"")
                    .body(csv.text());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
