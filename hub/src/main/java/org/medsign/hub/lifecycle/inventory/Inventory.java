package org.medsign.hub.lifecycle.inventory;

import org.medsign.hub.lifecycle.ledger.LedgerImport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.medsign.hub.lifecycle.internal.ParsedCertificate;
import org.medsign.crypto.cert.Pem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The inventory audit (清查) over the ledger's certificates in service (ACTIVE or FROZEN) and the roster. Rules, each
 * with its proposed action, are in docs/lifecycle.md; in short: expired and expiring → renew (when the holder is
 * active); idle → revoke; duplicate → keep the newest, revoke the others; orphaned → revoke; mismatched → reissue;
 * missing → issue. Read-only.
 */
@Component
public class Inventory {

    /** Default expiring window (days). */
    public static final int DEFAULT_EXPIRING_DAYS = 60;
    /** Default idle window (days). */
    public static final int DEFAULT_IDLE_DAYS = 90;
    /** Department key when neither roster nor certificate names one. */
    public static final String NO_DEPARTMENT = "-";

    private final JdbcClient jdbc;

    public Inventory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Staff(String staffId, String name, String department, String post, String status) {
    }

    private record Certificate(String serial, String staffId, String status, Instant notBefore, Instant notAfter,
                               String cn, String ou, String title, String holderMatch, boolean signing,
                               Instant lastUsed) {
    }

    /** Runs the inventory at {@code now}. */
    public InventoryReport run(int expiringDays, int idleDays, Instant now) {
        if (expiringDays < 0 || idleDays < 0) {
            throw new org.medsign.hub.HubException(org.medsign.adapters.model.ErrorCode.INVENTORY_WINDOW_INVALID,
                    "windows must not be negative");
        }
        Map<String, Staff> staff = new HashMap<>();
        jdbc.sql("SELECT staff_id, name, department, post, employment_status FROM staff")
                .query((rs, n) -> new Staff(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .list().forEach(s -> staff.put(s.staffId(), s));
        Set<String> withAccounts = new HashSet<>(jdbc.sql("SELECT DISTINCT staff_id FROM system_account")
                .query(String.class).list());
        Map<String, Instant> lastSignature = new HashMap<>();
        jdbc.sql("SELECT certificate_serial, MAX(signed_at) FROM signature_record GROUP BY certificate_serial")
                .query((rs, n) -> lastSignature.put(rs.getString(1), rs.getTimestamp(2).toInstant())).list();
        List<Certificate> certificates = jdbc.sql("SELECT serial, staff_id, status, not_before, not_after, subject_cn, "
                        + "subject_ou, subject_title, holder_match, signing, last_used_at, der_sm3, der "
                        + "FROM staff_certificate WHERE status IN ('ACTIVE', 'FROZEN')")
                .query((rs, n) -> {
                    String cn = rs.getString(6);
                    String ou = rs.getString(7);
                    String title = rs.getString(8);
                    if (rs.getString(12) == null) {
                        // written before the ledger columns existed: read the subject from the certificate
                        ParsedCertificate parsed = ParsedCertificate.of(Pem.certificate(rs.getBytes(13)));
                        cn = parsed.commonName();
                        ou = parsed.unit();
                        title = parsed.title();
                    }
                    Instant used = rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant();
                    Instant signed = lastSignature.get(rs.getString(1));
                    if (signed != null && (used == null || signed.isAfter(used))) {
                        used = signed;
                    }
                    return new Certificate(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), cn, ou, title,
                            rs.getString(9), rs.getBoolean(10), used);
                })
                .list();

        Instant expiringLimit = now.plus(Duration.ofDays(expiringDays));
        Instant idleLimit = now.minus(Duration.ofDays(idleDays));
        List<InventoryReport.Item> items = new ArrayList<>();
        Map<String, List<Certificate>> validByHolder = new HashMap<>();
        for (Certificate c : certificates) {
            Staff holder = c.staffId() == null ? null : staff.get(c.staffId());
            boolean holderActive = holder != null && "active".equals(holder.status());
            boolean valid = "ACTIVE".equals(c.status()) && !now.isBefore(c.notBefore()) && !now.isAfter(c.notAfter());
            if (c.notAfter().isBefore(now)) {
                items.add(item(InventoryCategory.EXPIRED, c, holder, "EXPIRED", List.of(day(c.notAfter())),
                        holderActive ? ProposedAction.RENEW : ProposedAction.NONE));
            } else if (!c.notAfter().isAfter(expiringLimit)) {
                items.add(item(InventoryCategory.EXPIRING, c, holder, "EXPIRING",
                        List.of(day(c.notAfter()), Long.toString(Duration.between(now, c.notAfter()).toDays())),
                        holderActive ? ProposedAction.RENEW : ProposedAction.NONE));
            }
            if (valid) {
                Instant reference = c.lastUsed() != null ? c.lastUsed() : c.notBefore();
                if (reference.isBefore(idleLimit)) {
                    items.add(c.lastUsed() != null
                            ? item(InventoryCategory.IDLE, c, holder, "IDLE", List.of(day(c.lastUsed()),
                                    Integer.toString(idleDays)), ProposedAction.REVOKE)
                            : item(InventoryCategory.IDLE, c, holder, "IDLE_NEVER_USED", List.of(day(c.notBefore()),
                                    Integer.toString(idleDays)), ProposedAction.REVOKE));
                }
                if (holder != null && c.signing()) {
                    validByHolder.computeIfAbsent(holder.staffId(), k -> new ArrayList<>()).add(c);
                }
            }
            if (holder == null) {
                items.add(item(InventoryCategory.ORPHANED, c, null, "NO_HOLDER", List.of(), ProposedAction.REVOKE));
            } else if ("left".equals(holder.status())) {
                items.add(item(InventoryCategory.ORPHANED, c, holder, "HOLDER_LEFT", List.of(holder.staffId()),
                        ProposedAction.REVOKE));
            }
            if (holder != null) {
                List<String> differences = new ArrayList<>();
                if (!Objects.equals(c.cn(), holder.name())) {
                    differences.add(difference("name", c.cn(), holder.name()));
                }
                if (!Objects.equals(blankToNull(c.ou()), blankToNull(holder.department()))) {
                    differences.add(difference("department", c.ou(), holder.department()));
                }
                if (c.title() != null && !Objects.equals(c.title(), holder.post())) {
                    differences.add(difference("post", c.title(), holder.post()));
                }
                if (!differences.isEmpty()) {
                    items.add(item(InventoryCategory.MISMATCHED, c, holder, "MISMATCHED", differences,
                            ProposedAction.REISSUE));
                }
            }
        }
        for (Map.Entry<String, List<Certificate>> entry : validByHolder.entrySet()) {
            List<Certificate> held = entry.getValue();
            if (held.size() < 2) {
                continue;
            }
            held.sort(Comparator.comparing(Certificate::notAfter).thenComparing(Certificate::serial).reversed());
            Staff holder = staff.get(entry.getKey());
            String kept = held.get(0).serial();
            for (Certificate c : held) {
                boolean keep = c.serial().equals(kept);
                items.add(item(InventoryCategory.DUPLICATE, c, holder, keep ? "DUPLICATE_KEPT" : "DUPLICATE",
                        List.of(Integer.toString(held.size()), kept), keep ? ProposedAction.NONE : ProposedAction.REVOKE));
            }
        }
        for (Staff s : staff.values()) {
            if ("active".equals(s.status()) && withAccounts.contains(s.staffId())
                    && !validByHolder.containsKey(s.staffId())) {
                items.add(new InventoryReport.Item(InventoryCategory.MISSING, null, s.staffId(), s.name(),
                        departmentOf(s.department()), null, "MISSING", List.of(), ProposedAction.ISSUE));
            }
        }
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
        return new InventoryReport(now, expiringDays, idleDays, certificates.size(), counts, departments,
                List.copyOf(items));
    }

    private static Map<InventoryCategory, Integer> emptyCounts() {
        Map<InventoryCategory, Integer> counts = new EnumMap<>(InventoryCategory.class);
        for (InventoryCategory category : InventoryCategory.values()) {
            counts.put(category, 0);
        }
        return counts;
    }

    private static InventoryReport.Item item(InventoryCategory category, Certificate c, Staff holder, String reason,
                                             List<String> args, ProposedAction action) {
        String name = holder != null ? holder.name() : c.cn();
        String department = departmentOf(holder != null && holder.department() != null ? holder.department() : c.ou());
        return new InventoryReport.Item(category, c.serial(), holder == null ? null : holder.staffId(), name, department,
                c.holderMatch(), reason, args, action);
    }

    /** Separates field, certificate value and roster value in a MISMATCHED reason argument. */
    public static final char FIELD_SEPARATOR = '\u001f';

    private static String difference(String field, String certificateValue, String rosterValue) {
        return field + FIELD_SEPARATOR + (certificateValue == null ? "" : certificateValue) + FIELD_SEPARATOR
                + (rosterValue == null ? "" : rosterValue);
    }

    private static String departmentOf(String department) {
        return department == null || department.isBlank() ? NO_DEPARTMENT : department;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, LedgerImport.HOSPITAL_ZONE).toString();
    }
}
