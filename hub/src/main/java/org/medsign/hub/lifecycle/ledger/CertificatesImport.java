package org.medsign.hub.lifecycle.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.medsign.hub.lifecycle.KeyCustody;
import org.medsign.hub.lifecycle.internal.ParsedCertificate;
import org.springframework.stereotype.Component;

/**
 * The write step for certificate files (any issuer): each readable, new or unchanged certificate is recorded ACTIVE
 * with the holder {@link HolderMatcher} finds and the holder's systems; a known one gets its holder and systems
 * corrected. A certificate the hub issued is left alone. Afterwards the systems of the ledger's other certificates
 * follow accounts.csv ({@link #refreshBindings}).
 */
@Component
class CertificatesImport {

    private final StaffRepository staff;
    private final StaffCertificateRepository certificates;
    private final SystemAccountRepository accounts;
    private final CertificateHistory history;
    private final RosterImport roster;

    CertificatesImport(StaffRepository staff, StaffCertificateRepository certificates,
                       SystemAccountRepository accounts, CertificateHistory history, RosterImport roster) {
        this.staff = staff;
        this.certificates = certificates;
        this.accounts = accounts;
        this.history = history;
        this.roster = roster;
    }

    LedgerImportReport.Counts apply(ImportRun run, List<LedgerImportRequest.CertificateFile> files, KeyCustody custody) {
        Map<String, StaffRepository.RosterEntry> roll = staff.roster();
        HolderMatcher matcher = new HolderMatcher(roll, roster::idIndex);
        Map<String, String> bindings = bindings();
        Map<String, StaffCertificateRepository.ImportedRow> ledger = certificates.importedRows();
        Map<String, String> fileBySerial = new HashMap<>();
        int[] counts = new int[ImportCsv.Outcome.values().length];
        List<LedgerImportRequest.CertificateFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(LedgerImportRequest.CertificateFile::name));
        for (LedgerImportRequest.CertificateFile file : sorted) {
            counts[file(run, file, custody, matcher, bindings, ledger, fileBySerial).ordinal()]++;
        }
        return new LedgerImportReport.Counts(counts[0], counts[1], counts[2], counts[3]);
    }

    private ImportCsv.Outcome file(ImportRun run, LedgerImportRequest.CertificateFile file, KeyCustody custody,
                                   HolderMatcher matcher, Map<String, String> bindings,
                                   Map<String, StaffCertificateRepository.ImportedRow> ledger,
                                   Map<String, String> fileBySerial) {
        ParsedCertificate certificate;
        try {
            certificate = ParsedCertificate.read(file.content());
        } catch (ParsedCertificate.UnreadableException e) {
            run.reject(file.name(), null, e.count() == 0 ? ImportProblem.of("CERTIFICATE_UNREADABLE")
                    : ImportProblem.of("CERTIFICATE_MULTIPLE", Integer.toString(e.count())));
            return ImportCsv.Outcome.REJECTED;
        }
        if (fileBySerial.containsKey(certificate.serial())) {
            run.reject(file.name(), null, ImportProblem.of("CERTIFICATE_DUPLICATE",
                    fileBySerial.get(certificate.serial())));
            return ImportCsv.Outcome.REJECTED;
        }
        StaffCertificateRepository.ImportedRow current = ledger.get(certificate.serial());
        if (current != null && !certificate.derSm3().equals(current.derSm3())) {
            run.reject(file.name(), null, ImportProblem.of("SERIAL_CONFLICT", certificate.serial()));
            return ImportCsv.Outcome.REJECTED;
        }
        fileBySerial.put(certificate.serial(), file.name());
        run.importedSerials.add(certificate.serial());
        if (current != null && "HUB".equals(current.origin())) {
            // issued here: the hub knows its holder; the import has nothing to add
            return ImportCsv.Outcome.UNCHANGED;
        }
        HolderMatcher.Match holder = matcher.holder(certificate);
        String staffId = holder.staffId();
        String match = holder.kind();
        String bound = staffId == null ? null : bindings.get(staffId);
        if ("NAME_DEPARTMENT".equals(match)) {
            run.weakMatches++;
        } else if ("NONE".equals(match)) {
            run.unmatched++;
        }
        String reason = "ledger import: " + file.name();
        if (current == null) {
            certificates.insertImported(certificate, staffId, match, bound, custody, Instant.now());
            history.record(certificate.serial(), run.operator, "IMPORTED", reason, null,
                    LedgerImport.state("ACTIVE", staffId, match, bound));
            return ImportCsv.Outcome.CREATED;
        }
        if (Objects.equals(current.staffId(), staffId) && Objects.equals(current.holderMatch(), match)
                && Objects.equals(current.boundSystems(), bound)) {
            return ImportCsv.Outcome.UNCHANGED;
        }
        certificates.updateHolder(certificate.serial(), staffId, match, bound, Instant.now());
        history.record(certificate.serial(), run.operator, "LEDGER_UPDATED", reason,
                LedgerImport.state(current.status(), current.staffId(), current.holderMatch(), current.boundSystems()),
                LedgerImport.state(current.status(), staffId, match, bound));
        return ImportCsv.Outcome.UPDATED;
    }

    /** Certificates not in this import whose holder's systems changed with accounts.csv. */
    void refreshBindings(ImportRun run) {
        Map<String, String> bindings = bindings();
        for (StaffCertificateRepository.ImportedRow row : certificates.importedRows().values()) {
            if (row.staffId() == null || run.importedSerials.contains(row.serial())) {
                continue;
            }
            String bound = bindings.get(row.staffId());
            if (!Objects.equals(bound, row.boundSystems())) {
                certificates.updateBoundSystems(row.serial(), bound, Instant.now());
                history.record(row.serial(), run.operator, "BINDINGS_CHANGED", "ledger import: accounts.csv",
                        LedgerImport.state(row.status(), row.staffId(), row.holderMatch(), row.boundSystems()),
                        LedgerImport.state(row.status(), row.staffId(), row.holderMatch(), bound));
                run.bindingsChanged++;
            }
        }
    }

    /** staff id → its systems, sorted and comma-separated (as {@code bound_systems} holds them). */
    private Map<String, String> bindings() {
        Map<String, String> result = new HashMap<>();
        accounts.systemsByStaff().forEach((staffId, ids) -> {
            String joined = String.join(",", ids);
            result.put(staffId, joined.length() <= 1000 ? joined : joined.substring(0, 1000));
        });
        return result;
    }
}
