package org.medsign.hub.lifecycle.ledger;

import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.KeyCustody;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient jdbc;

    public LedgerSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Rows matching {@code criteria}, ordered by end of validity then serial. */
    public Page search(Criteria criteria, int page, int size) {
        int pageSize = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        int pageNumber = Math.max(0, page);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (present(criteria.name())) {
            where.append(" AND COALESCE(s.name, c.subject_cn) LIKE ?");
            params.add("%" + likeEscaped(criteria.name().trim()) + "%");
        }
        if (present(criteria.staffId())) {
            where.append(" AND c.staff_id = ?");
            params.add(criteria.staffId().trim());
        }
        if (present(criteria.department())) {
            where.append(" AND COALESCE(s.department, c.subject_ou) LIKE ?");
            params.add("%" + likeEscaped(criteria.department().trim()) + "%");
        }
        if (criteria.status() != null) {
            where.append(" AND c.status = ?");
            params.add(criteria.status().name());
        }
        if (criteria.custody() != null) {
            where.append(" AND c.key_custody = ?");
            params.add(criteria.custody().name());
        }
        if (criteria.expiringBefore() != null) {
            where.append(" AND c.not_after < ?");
            params.add(Timestamp.from(criteria.expiringBefore()));
        }
        String from = " FROM staff_certificate c LEFT JOIN staff s ON s.staff_id = c.staff_id";
        long total = jdbc.sql("SELECT COUNT(*)" + from + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(pageSize);
        pageParams.add((long) pageNumber * pageSize);
        List<Row> rows = jdbc.sql("SELECT c.serial, c.staff_id, COALESCE(s.name, c.subject_cn), "
                        + "COALESCE(s.department, c.subject_ou), c.status, c.key_custody, c.holder_match, c.not_before, "
                        + "c.not_after, c.last_used_at, c.bound_systems" + from + where
                        + " ORDER BY c.not_after, c.serial LIMIT ? OFFSET ?")
                .params(pageParams)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9),
                        instant(rs, 10), rs.getString(11)))
                .list();
        return new Page(rows, total, pageNumber, pageSize);
    }

    /** The certificate with this serial (hex, as in the ledger). */
    public Optional<Held> certificate(String serial) {
        return jdbc.sql("SELECT staff_id, serial, status, key_custody, origin, issuer, subject, holder_match, "
                        + "not_before, not_after, last_used_at, bound_systems FROM staff_certificate WHERE serial = ?")
                .param(serial)
                .query((rs, n) -> new Held(rs.getString(1), new LedgerStaff.Certificate(rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), maskIdentityNumbers(rs.getString(6)),
                        maskIdentityNumbers(rs.getString(7)), rs.getString(8), instant(rs, 9), instant(rs, 10),
                        instant(rs, 11), rs.getString(12))))
                .optional();
    }

    /** Certificates per ledger state, every state present (in declaration order). */
    public Map<CertificateState, Long> countsByStatus() {
        Map<CertificateState, Long> counts = new LinkedHashMap<>();
        for (CertificateState state : CertificateState.values()) {
            counts.put(state, 0L);
        }
        jdbc.sql("SELECT status, COUNT(*) FROM staff_certificate GROUP BY status")
                .query((rs, n) -> {
                    try {
                        counts.put(CertificateState.valueOf(rs.getString(1)), rs.getLong(2));
                    } catch (IllegalArgumentException unknown) {
                        // a state written by a newer version: not counted here
                    }
                    return null;
                }).list();
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

    private static String likeEscaped(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
