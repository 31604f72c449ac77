package org.medsign.hub.lifecycle.ledger;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.RosterChanged;
import org.medsign.hub.lifecycle.ledger.LedgerImportReport.Counts;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports the roster, the system accounts, certificates from any issuer and their last use into the ledger, in that
 * order, in one transaction. Each row is validated on its own: a bad row is reported with file, line and reason and
 * the others go on. Rows are compared with what the ledger holds and only differences are written, so importing the
 * same files again changes nothing (the import itself is still audited). Rows and files absent from an import are
 * left as they are: an import adds and corrects, it never deletes. The steps: {@link ImportChecks} parses and validates
 * rows, {@link HolderMatcher} finds certificate holders, and {@link RosterImport}, {@link AccountsImport},
 * {@link CertificatesImport} and {@link UsageImport} write.
 */
@Component
public class LedgerImport {

    /** The header of staff.csv (contract). */
    public static final List<String> STAFF_HEADER =
            List.of("staff_id", "name", "id_card_no", "department", "post", "employment_status", "mobile");
    /** The header of accounts.csv (contract). */
    public static final List<String> ACCOUNTS_HEADER = List.of("system", "account", "staff_id");
    /** The header of usage.csv (contract). */
    public static final List<String> USAGE_HEADER = List.of("serial", "last_used_at");
    /** Local time of offset-less usage times. */
    public static final ZoneId HOSPITAL_ZONE = ZoneId.of("Asia/Shanghai");

    private final RosterImport roster;
    private final AccountsImport accounts;
    private final CertificatesImport certificates;
    private final UsageImport usage;
    private final AuditLog audit;
    private final ApplicationEventPublisher publisher;

    LedgerImport(RosterImport roster, AccountsImport accounts, CertificatesImport certificates, UsageImport usage,
                 AuditLog audit, ApplicationEventPublisher publisher) {
        this.roster = roster;
        this.accounts = accounts;
        this.certificates = certificates;
        this.usage = usage;
        this.audit = audit;
        this.publisher = publisher;
    }

    /** Runs an import for {@code operator} (recorded in history and audit). */
    @Transactional
    public LedgerImportReport run(LedgerImportRequest request, String operator, String role) {
        ImportRun run = new ImportRun(operator);
        Counts staff = roster.apply(run, request.staffCsv());
        Counts accountCounts = accounts.apply(run, request.accountsCsv());
        Counts certificateCounts = certificates.apply(run, request.certificates(), request.keyCustody());
        certificates.refreshBindings(run);
        Counts usageCounts = request.usageCsv() == null ? new Counts(0, 0, 0, 0) : usage.apply(run, request.usageCsv());
        List<ImportRejection> rejections = new ArrayList<>(run.rejections);
        LedgerImportReport report = new LedgerImportReport(staff, accountCounts, certificateCounts, usageCounts,
                run.systemsCreated, run.weakMatches, run.unmatched, run.bindingsChanged, rejections);
        audit.append(AuditEvent.success(operator, role, "LEDGER_IMPORT", "ledger", String.format(Locale.ROOT,
                "staff %s; accounts %s; certificates %s; usage %s; systems +%d; weak %d; unmatched %d; bindings %d",
                summary(staff), summary(accountCounts), summary(certificateCounts), summary(usageCounts),
                run.systemsCreated, run.weakMatches, run.unmatched, run.bindingsChanged)));
        if (staff.created() + staff.updated() > 0) {
            publisher.publishEvent(new RosterChanged());
        }
        return report;
    }

    private static String summary(Counts counts) {
        return String.format(Locale.ROOT, "+%d ~%d =%d !%d", counts.created(), counts.updated(), counts.unchanged(),
                counts.rejected());
    }

    /** The history's text form of a ledger state. */
    static String state(String status, String staffId, String match, String bound) {
        return "status=" + status + "; holder=" + (staffId == null ? "-" : staffId) + "; match=" + match
                + "; systems=" + (bound == null ? "-" : bound);
    }
}
