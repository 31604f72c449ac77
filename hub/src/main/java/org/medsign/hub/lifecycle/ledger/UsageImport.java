package org.medsign.hub.lifecycle.ledger;

import java.time.Instant;
import java.util.Map;

import org.medsign.hub.lifecycle.internal.CsvRows;
import org.springframework.stereotype.Component;

/** The write step for usage.csv: a certificate's last use moves forward only (an older time changes nothing). */
@Component
class UsageImport {

    static final String FILE = "usage.csv";

    private final StaffCertificateRepository certificates;

    UsageImport(StaffCertificateRepository certificates) {
        this.certificates = certificates;
    }

    LedgerImportReport.Counts apply(ImportRun run, String text) {
        return ImportCsv.each(run, FILE, text, LedgerImport.USAGE_HEADER, () -> {
            Map<String, Instant> lastUse = certificates.lastUses();
            Instant latestAllowed = Instant.now().plusSeconds(86_400);
            return row -> row(run, row, lastUse, latestAllowed);
        });
    }

    private ImportCsv.Outcome row(ImportRun run, CsvRows.Row row, Map<String, Instant> lastUse, Instant latestAllowed) {
        ImportChecks.UsageLine line = ImportChecks.usage(row.fields(), lastUse.keySet(), latestAllowed);
        if (line.problem() != null) {
            run.reject(FILE, row.line(), line.problem());
            return ImportCsv.Outcome.REJECTED;
        }
        Instant current = lastUse.get(line.serial());
        if (current != null && !line.time().isAfter(current)) {
            return ImportCsv.Outcome.UNCHANGED;
        }
        certificates.setLastUsed(line.serial(), line.time());
        lastUse.put(line.serial(), line.time());
        return ImportCsv.Outcome.UPDATED;
    }
}
