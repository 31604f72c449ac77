package org.medsign.hub.lifecycle.ledger;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.medsign.hub.lifecycle.internal.CsvRows;
import org.springframework.stereotype.Component;

/**
 * The write step for accounts.csv: each valid row maps a system's account code to a staff member (added, or pointed
 * at another staff member); a system named for the first time is created, enabled, without an API key.
 */
@Component
class AccountsImport {

    static final String FILE = "accounts.csv";

    private final StaffRepository staff;
    private final HospitalSystemRepository systems;
    private final SystemAccountRepository accounts;

    AccountsImport(StaffRepository staff, HospitalSystemRepository systems, SystemAccountRepository accounts) {
        this.staff = staff;
        this.systems = systems;
        this.accounts = accounts;
    }

    LedgerImportReport.Counts apply(ImportRun run, String text) {
        return ImportCsv.each(run, FILE, text, LedgerImport.ACCOUNTS_HEADER, () -> {
            Set<String> staffIds = staff.staffIds();
            Set<String> knownSystems = systems.systemIds();
            Map<String, String> mapped = accounts.staffByAccount();
            Map<String, Integer> seen = new HashMap<>();
            return row -> row(run, row, staffIds, knownSystems, mapped, seen);
        });
    }

    private ImportCsv.Outcome row(ImportRun run, CsvRows.Row row, Set<String> staffIds, Set<String> knownSystems,
                                  Map<String, String> mapped, Map<String, Integer> seen) {
        String system = row.fields().get(0);
        String account = row.fields().get(1);
        String staffId = row.fields().get(2);
        String key = SystemAccountRepository.key(system, account);
        Optional<ImportProblem> problem = ImportChecks.account(system, account, staffId, staffIds, seen);
        if (problem.isPresent()) {
            run.reject(FILE, row.line(), problem.get());
            return ImportCsv.Outcome.REJECTED;
        }
        seen.put(key, row.line());
        if (!knownSystems.contains(system)) {
            systems.insert(system, system, null, Instant.now());
            knownSystems.add(system);
            run.systemsCreated++;
        }
        String current = mapped.put(key, staffId);
        if (current == null) {
            accounts.insert(system, account, staffId);
            return ImportCsv.Outcome.CREATED;
        }
        if (!current.equals(staffId)) {
            accounts.reassign(system, account, staffId);
            return ImportCsv.Outcome.UPDATED;
        }
        return ImportCsv.Outcome.UNCHANGED;
    }
}
