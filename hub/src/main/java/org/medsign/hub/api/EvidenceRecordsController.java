package org.medsign.hub.api;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.evidence.EvidenceRecordJob;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * RFC 4998 evidence records: coverage, timestamp renewal and hash-tree renewal on demand (system administrator; coverage
 * and timestamp renewal also run on schedule).
 */
@RestController
@RequestMapping(path = "/api/v1/admin/evidence-records", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "admin", description = "System administrator operations")
public class EvidenceRecordsController {

    private final EvidenceRecordJob records;

    public EvidenceRecordsController(EvidenceRecordJob records) {
        this.records = records;
    }

    @Operation(summary = "Cover signature records not yet covered by an evidence record (one batch)")
    @PostMapping("/cover")
    public Map<String, Integer> cover() {
        return Map.of("covered", records.coverNextBatch());
    }

    @Operation(summary = "Renew archive timestamps that are due (force=true: every batch, e.g. before a TSA key change)")
    @PostMapping("/renew")
    public Map<String, Integer> renew(@RequestParam(defaultValue = "false") boolean force) {
        return Map.of("batches", records.renew(force));
    }

    @Operation(summary = "Hash-tree renewal: a new chain under another hash algorithm (SM3 or SHA-256) for every batch "
            + "not yet under it, for when the current algorithm must be replaced")
    @PostMapping("/rehash")
    public Map<String, Integer> rehash(@RequestParam String algorithm) {
        if (algorithm.isBlank()) {
            throw ApiException.badRequest(ErrorCode.PARAMETER_MISSING, "the parameter 'algorithm' is required");
        }
        return Map.of("batches", records.rehash(algorithm));
    }
}
