package org.medsign.hub.lifecycle.inventory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.medsign.hub.lifecycle.ledger.SystemAccountRepository;
import org.springframework.stereotype.Component;

/**
 * The inventory audit (清查) over the ledger's certificates in service (ACTIVE or FROZEN) and the roster: loads one
 * {@link InventorySnapshot}, applies one {@link InventoryRule} per category and counts the findings. Rules, each with
 * its proposed action, are in docs/lifecycle.md; in short: expired and expiring → renew (when the holder is active);
 * idle → revoke; duplicate → keep the newest, revoke the others; orphaned → revoke; mismatched → reissue; missing →
 * issue. Read-only.
 */
@Component
public class Inventory {

    /** Default expiring window (days). */
    public static final int DEFAULT_EXPIRING_DAYS = 60;
    /** Default idle window (days). */
    public static final int DEFAULT_IDLE_DAYS = 90;
    /** Department key when neither roster nor certificate names one. */
    public static final String NO_DEPARTMENT = InventorySnapshot.NO_DEPARTMENT;
    /** Separates field, certificate value and roster value in a MISMATCHED reason argument. */
    public static final char FIELD_SEPARATOR = '\u001f';

    /** The rules, one per category. */
    static final List<InventoryRule> RULES = List.of(new ExpiredRule(), new ExpiringRule(), new IdleRule(),
            new DuplicateRule(), new OrphanedRule(), new MismatchedRule(), new MissingRule());

    private final StaffRepository staff;
    private final SystemAccountRepository accounts;
    private final StaffCertificateRepository certificates;
    private final SignatureRecordRepository signatures;

    public Inventory(StaffRepository staff, SystemAccountRepository accounts, StaffCertificateRepository certificates,
                     SignatureRecordRepository signatures) {
        this.staff = staff;
        this.accounts = accounts;
        this.certificates = certificates;
        this.signatures = signatures;
    }

    /** Runs the inventory at {@code now}. */
    public InventoryReport run(int expiringDays, int idleDays, Instant now) {
        if (expiringDays < 0 || idleDays < 0) {
            throw new HubException(ErrorCode.INVENTORY_WINDOW_INVALID, "windows must not be negative");
        }
        return report(load(expiringDays, idleDays, now));
    }

    /** The findings of every rule in a snapshot, sorted and counted. */
    static InventoryReport report(InventorySnapshot snapshot) {
        List<InventoryReport.Item> items = new ArrayList<>();
        RULES.forEach(rule -> items.addAll(rule.findings(snapshot)));
        items.sort(Comparator.comparing(InventoryReport.Item::category)
                .thenComparing(InventoryReport.Item::department)
                .thenComparing(i -> i.staffId() == null ? "" : i.staffId())
                .thenComparing(i -> i.serial() == null ? "" : i.serial()));
        Map<InventoryCategory, Integer> counts = emptyCounts();
        Map<String, Map<InventoryCategory, Integer>> departments = new TreeMap<>();
        for (InventoryReport.Item item : items) {
            counts.merge(item.category(), 1, Integer::sum);
            departments.computeIfAbsent(item.department(), k -> emptyCounts()).merge(item.category(), 1, Integer::sum);
        }
        return new InventoryReport(snapshot.now(), snapshot.expiringDays(), snapshot.idleDays(),
                snapshot.certificates().size(), counts, departments, List.copyOf(items));
    }

    private InventorySnapshot load(int expiringDays, int idleDays, Instant now) {
        Map<String, Instant> lastSignature = signatures.lastSignatureBySerial();
        List<InventorySnapshot.Certificate> inService = certificates.inService().stream().map(c -> {
            Instant used = c.lastUsedAt();
            Instant signed = lastSignature.get(c.serial());
            if (signed != null && (used == null || signed.isAfter(used))) {
                used = signed;
            }
            return new InventorySnapshot.Certificate(c.serial(), c.staffId(), c.status(), c.notBefore(), c.notAfter(),
                    c.commonName(), c.unit(), c.title(), c.holderMatch(), c.signing(), used);
        }).toList();
        return new InventorySnapshot(now, expiringDays, idleDays, staff.holders(), accounts.staffWithAccounts(),
                inService);
    }

    private static Map<InventoryCategory, Integer> emptyCounts() {
        Map<InventoryCategory, Integer> counts = new EnumMap<>(InventoryCategory.class);
        for (InventoryCategory category : InventoryCategory.values()) {
            counts.put(category, 0);
        }
        return counts;
    }
}
