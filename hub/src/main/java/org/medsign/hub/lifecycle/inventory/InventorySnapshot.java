package org.medsign.hub.lifecycle.inventory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.medsign.hub.lifecycle.ledger.LedgerImport;
import org.medsign.hub.lifecycle.ledger.StaffRepository.Holder;

/**
 * Everything one inventory looks at, loaded once: the roster, who has system accounts, and the certificates in
 * service with their last use. The rules ({@link InventoryRule}) read only this.
 *
 * @param now          when the inventory runs
 * @param expiringDays the expiring window in days
 * @param idleDays     the idle window in days
 * @param staff        the roster by staff id
 * @param withAccounts staff ids with at least one system account
 * @param certificates the certificates in service (ACTIVE or FROZEN)
 */
public record InventorySnapshot(Instant now, int expiringDays, int idleDays, Map<String, Holder> staff,
                                Set<String> withAccounts, List<Certificate> certificates) {

    /** Department key when neither roster nor certificate names one. */
    public static final String NO_DEPARTMENT = "-";

    /**
     * A certificate in service.
     *
     * @param lastUsed the later of the ledger's last use and the hub's latest signature with it, or null
     */
    public record Certificate(String serial, String staffId, String status, Instant notBefore, Instant notAfter,
                              String cn, String ou, String title, String holderMatch, boolean signing,
                              Instant lastUsed) {
    }

    /** The certificate's holder in the roster, or null. */
    Holder holder(Certificate c) {
        return c.staffId() == null ? null : staff.get(c.staffId());
    }

    /** Whether the certificate can sign now: ACTIVE and within its validity. */
    boolean valid(Certificate c) {
        return "ACTIVE".equals(c.status()) && !now.isBefore(c.notBefore()) && !now.isAfter(c.notAfter());
    }

    /** End of the expiring window. */
    Instant expiringLimit() {
        return now.plus(Duration.ofDays(expiringDays));
    }

    /** Start of the idle window. */
    Instant idleLimit() {
        return now.minus(Duration.ofDays(idleDays));
    }

    /** Valid signing certificates per holder in the roster. */
    Map<String, List<Certificate>> validSigningByHolder() {
        Map<String, List<Certificate>> byHolder = new HashMap<>();
        for (Certificate c : certificates) {
            Holder holder = holder(c);
            if (valid(c) && holder != null && c.signing()) {
                byHolder.computeIfAbsent(holder.staffId(), k -> new ArrayList<>()).add(c);
            }
        }
        return byHolder;
    }

    /** A finding about a certificate, named and placed by its holder (else by its CN and OU). */
    InventoryReport.Item item(InventoryCategory category, Certificate c, String reason, List<String> args,
                              ProposedAction action) {
        Holder holder = holder(c);
        String name = holder != null ? holder.name() : c.cn();
        String department = departmentOf(holder != null && holder.department() != null ? holder.department() : c.ou());
        return new InventoryReport.Item(category, c.serial(), holder == null ? null : holder.staffId(), name, department,
                c.holderMatch(), reason, args, action);
    }

    /** The department key of a report. */
    static String departmentOf(String department) {
        return department == null || department.isBlank() ? NO_DEPARTMENT : department;
    }

    /** The hospital's calendar day of an instant. */
    static String day(Instant instant) {
        return LocalDate.ofInstant(instant, LedgerImport.HOSPITAL_ZONE).toString();
    }
}
