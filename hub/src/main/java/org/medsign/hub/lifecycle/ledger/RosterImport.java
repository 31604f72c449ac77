package org.medsign.hub.lifecycle.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.medsign.hub.keys.KeyEncryptionKey;
import org.medsign.hub.lifecycle.internal.CsvRows;
import org.springframework.stereotype.Component;

/**
 * The write step for staff.csv: each valid row added to the roster or, when it differs, corrected. A row whose
 * identity number another staff member already has is refused (ID_CARD_DUPLICATE). The identity number is stored
 * sealed, masked and as a lookup index, never in clear.
 */
@Component
class RosterImport {

    static final String FILE = "staff.csv";
    static final String ID_CARD_CONTEXT = "staff.id_card";

    private final StaffRepository staff;
    private final KeyEncryptionKey kek;

    RosterImport(StaffRepository staff, KeyEncryptionKey kek) {
        this.staff = staff;
        this.kek = kek;
    }

    /** The lookup index of a normalised identity number. */
    String idIndex(String idCard) {
        return kek.fingerprint(idCard, ID_CARD_CONTEXT);
    }

    LedgerImportReport.Counts apply(ImportRun run, String text) {
        return ImportCsv.each(run, FILE, text, LedgerImport.STAFF_HEADER, () -> {
            Map<String, StaffRepository.RosterEntry> existing = staff.roster();
            Map<String, String> staffByIdIndex = new HashMap<>();
            existing.values().stream().filter(s -> s.idIndex() != null)
                    .forEach(s -> staffByIdIndex.put(s.idIndex(), s.staffId()));
            Map<String, Integer> seen = new HashMap<>();
            return row -> row(run, row, existing, staffByIdIndex, seen);
        });
    }

    private ImportCsv.Outcome row(ImportRun run, CsvRows.Row row, Map<String, StaffRepository.RosterEntry> existing,
                                  Map<String, String> staffByIdIndex, Map<String, Integer> seen) {
        ImportChecks.StaffLine line = ImportChecks.StaffLine.of(row.fields());
        String staffId = line.staffId();
        Optional<ImportProblem> problem = ImportChecks.staff(line, seen);
        String idIndex = line.idCard().isEmpty() ? null : idIndex(line.idCard());
        if (problem.isEmpty() && idIndex != null) {
            String other = staffByIdIndex.get(idIndex);
            if (other != null && !other.equals(staffId)) {
                problem = Optional.of(ImportProblem.of("ID_CARD_DUPLICATE", other));
            }
        }
        if (problem.isPresent()) {
            run.reject(FILE, row.line(), problem.get());
            return ImportCsv.Outcome.REJECTED;
        }
        seen.put(staffId, row.line());
        if (idIndex != null) {
            staffByIdIndex.put(idIndex, staffId);
        }
        StaffRepository.RosterEntry wanted = new StaffRepository.RosterEntry(staffId, line.name(), line.department(),
                line.post(), line.status(), line.mobile(), idIndex);
        StaffRepository.RosterEntry current = existing.get(staffId);
        Instant now = Instant.now();
        if (current == null) {
            staff.insert(wanted, identity(staffId, line.idCard(), idIndex), now);
            return ImportCsv.Outcome.CREATED;
        }
        if (current.equals(wanted)) {
            return ImportCsv.Outcome.UNCHANGED;
        }
        staff.update(wanted, now);
        if (!Objects.equals(current.idIndex(), idIndex)) {
            staff.updateIdentity(staffId, identity(staffId, line.idCard(), idIndex));
            if (current.idIndex() != null) {
                staffByIdIndex.remove(current.idIndex());
            }
        }
        return ImportCsv.Outcome.UPDATED;
    }

    private StaffRepository.SealedIdentity identity(String staffId, String idCard, String idIndex) {
        byte[] sealed = idCard.isEmpty() ? null
                : kek.seal(idCard.getBytes(StandardCharsets.US_ASCII), ID_CARD_CONTEXT + "/" + staffId);
        return new StaffRepository.SealedIdentity(sealed, IdentityNumber.mask(ImportChecks.emptyToNull(idCard)),
                idIndex);
    }
}
