package org.medsign.hub.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.seal.SealUsageLog;
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

    private final SealUsageLog log;

    public SealUsageController(SealUsageLog log) {
        this.log = log;
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
        SealUsageLog.Filter filter = new SealUsageLog.Filter(blank(seal), blank(system), blank(staff), from, until);
        int rows = Paging.limit(limit, MAX_ROWS);
        if ("csv".equalsIgnoreCase(format)) {
            return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"seal-usage.csv\"")
                    .body(log.csv(filter, rows));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(log.find(filter, rows));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
