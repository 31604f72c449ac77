package org.medsign.hub.lifecycle.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.KeyCustody;
import org.springframework.stereotype.Component;

/**
 * Read side of the certificate ledger for the console: search with filters and paging, one certificate with its
 * holder's staff id, counts by status. Subjects are shown with any identity number in them masked.
 */
@Component
public class LedgerSearch {

    /** Largest page the console asks for. */
    public static final int MAX_PAGE_SIZE = 200;

    private static final Pattern IDENTITY_NUMBER = Pattern.compile("(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])");

    /**
     * What to look for; null or blank fields do not filter.
     *
     * @param name           part of the holder's name (or the certificate's CN when it has no holder)
     * @param staffId        the holder's staff id, exactly
     * @param department     part of the holder's department (or the certificate's OU)
     * @param status         ledger state
     * @param custody        who holds the private key
     * @param expiringBefore certificates whose notAfter is before this instant
     */
    public record Criteria(String name, String staffId, String department, CertificateState status,
                           KeyCustody custody, Instant expiringBefore) {
    }

    /** One row of the result. */
    public record Row(String serial, String staffId, String name, String department, String status,
                      String keyCustody, String holderMatch, Instant notBefore, Instant notAfter, Instant lastUsedAt,
                      String boundSystems) {
    }

    /** One page of rows; {@code page} counts from 0. */
    public record Page(List<Row> rows, long total, int page, int size) {

        /** Number of pages (at least 1). */
        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }
    }

    /** A certificate of the ledger and who holds it (null staff id: no holder matched). */
    public record Held(String staffId, LedgerStaff.Certificate certificate) {
    }

    private final StaffCertificateRepository certificates;
    private final StaffRepository staff;

    public LedgerSearch(StaffCertificateRepository certificates, StaffRepository staff) {
        this.certificates = certificates;
        this.staff = staff;
    }

    /**
     * Rows matching {@code criteria}, ordered by end of validity then serial. Name and department are the holder's,
     * else the certificate's CN and OU.
     */
    public Page search(Criteria criteria, int page, int size) {
        int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        int pageNumber = Math.max(0, page);
        Map<String, StaffRepository.Holder> roster = staff.holders();
        List<Row> matching = new ArrayList<>();
        for (StaffCertificateRepository.Listed c : certificates.listed(
                present(criteria.staffId()) ? criteria.staffId().trim() : null, criteria.status(), criteria.custody(),
                criteria.expiringBefore())) {
            StaffRepository.Holder holder = c.staffId() == null ? null : roster.get(c.staffId());
            String name = holder != null && holder.name() != null ? holder.name() : c.subjectCn();
            String department = holder != null && holder.department() != null ? holder.department() : c.subjectOu();
            if (contains(name, criteria.name()) && contains(department, criteria.department())) {
                matching.add(new Row(c.serial(), c.staffId(), name, department, c.status(), c.keyCustody(),
                        c.holderMatch(), c.notBefore(), c.notAfter(), c.lastUsedAt(), c.boundSystems()));
            }
        }
        long from = Math.min((long) pageNumber * pageSize, matching.size());
        List<Row> rows = List.copyOf(matching.subList((int) from, (int) Math.min(from + pageSize, matching.size())));
        return new Page(rows, matching.size(), pageNumber, pageSize);
    }

    /** The certificate with this serial (hex, as in the ledger). */
    public Optional<Held> certificate(String serial) {
        return certificates.ledgerRow(serial).map(held -> {
            LedgerStaff.Certificate c = held.certificate();
            return new Held(held.staffId(), new LedgerStaff.Certificate(c.serial(), c.status(), c.keyCustody(),
                    c.origin(), maskIdentityNumbers(c.issuer()), maskIdentityNumbers(c.subject()), c.holderMatch(),
                    c.notBefore(), c.notAfter(), c.lastUsedAt(), c.boundSystems()));
        });
    }

    /** Certificates per ledger state, every state present (in declaration order). */
    public Map<CertificateState, Long> countsByStatus() {
        Map<CertificateState, Long> counts = new LinkedHashMap<>();
        for (CertificateState state : CertificateState.values()) {
            counts.put(state, 0L);
        }
        certificates.countsByStatus().forEach((status, count) -> {
            try {
                counts.put(CertificateState.valueOf(status), count);
            } catch (IllegalArgumentException unknown) {
                // a state written by a newer version: not counted here
            }
        });
        return counts;
    }

    /** {@code text} with every 18-character resident identity number replaced by its mask. */
    static String maskIdentityNumbers(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = IDENTITY_NUMBER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(IdentityNumber.mask(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** Whether {@code value} contains the trimmed filter (SQL {@code LIKE '%filter%'}); a blank filter matches. */
    private static boolean contains(String value, String filter) {
        return !present(filter) || value != null && value.contains(filter.trim());
    }
}
