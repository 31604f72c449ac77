package org.medsign.hub.seal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medsign.hub.SpreadsheetCsv;
import org.springframework.stereotype.Component;

/**
 * The seal use log (用章记录) as its readers see it, one place for the API and the console: the uses matching a filter,
 * the seals' names, and the same rows as a spreadsheet CSV (UTF-8 with BOM).
 */
@Component
public class SealUsageLog {

    private final SealUsageRepository usages;
    private final SealRegistry registry;

    public SealUsageLog(SealUsageRepository usages, SealRegistry registry) {
        this.usages = usages;
        this.registry = registry;
    }

    /** What to look for; a null field matches everything ({@code staffId}: who asked or who signed). */
    public record Filter(String sealId, String systemId, String staffId, Instant from, Instant until) {
    }

    /** Uses matching the filter, newest first, at most {@code limit}. */
    public List<SealUsage> find(Filter filter, int limit) {
        return usages.find(filter.sealId(), filter.systemId(), filter.staffId(), filter.from(), filter.until(), limit);
    }

    /** Seal id → name of every registered seal, in the registry's order. */
    public Map<String, String> sealNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (Seal seal : registry.all()) {
            names.put(seal.id(), seal.name());
        }
        return names;
    }

    /** The uses matching the filter (at most {@code limit}) as CSV text with a header row and the seals' names. */
    public String csv(Filter filter, int limit) {
        Map<String, String> names = sealNames();
        SpreadsheetCsv csv = SpreadsheetCsv.withByteOrderMark().row("used_at", "seal_id", "seal_name", "system",
                "request_id", "requested_by", "signer", "certificate_serial", "scenario", "document_sm3",
                "signature_id");
        for (SealUsage u : find(filter, limit)) {
            csv.row(u.usedAt(), u.sealId(), names.getOrDefault(u.sealId(), ""), u.systemId(), u.requestId(),
                    u.requestedBy(), u.signerStaffId(), u.certificateSerial(), u.scenario(), u.documentSm3(),
                    u.signatureId());
        }
        return csv.text();
    }
}
