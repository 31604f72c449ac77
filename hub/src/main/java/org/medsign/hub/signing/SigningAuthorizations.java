package org.medsign.hub.signing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Signing windows (时段授权), the table {@code signing_authorization}: time-boxed permissions a signer gives a system to
 * use their key without a prompt, for a named scenario or (scenario NULL) for all. Only a signer's own rows count
 * ({@code created_by = 'staff:<id>'}); the administrator-granted blanket authorizations of earlier versions are
 * retired (revoked by migration V19, and nothing here creates one). Consulted only under the {@code window} policy.
 */
@Component
public class SigningAuthorizations {

    /** An open authorization (a signer's self-granted signing window, 时段授权): scenario null means every scenario. */
    public record Window(long id, String staffId, String systemId, String scenario, Instant validFrom,
                         Instant validUntil) {
    }

    private final JdbcClient jdbc;

    public SigningAuthorizations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Whether {@code staffId} holds, at {@code now}, an open window of their own that lets {@code systemId} sign in
     * {@code scenario} (a window for every scenario, or for this one).
     */
    public boolean windowCovers(String staffId, String systemId, String scenario, Instant now) {
        return jdbc.sql("SELECT COUNT(*) FROM signing_authorization WHERE staff_id = ? AND system_id = ? "
                        + "AND created_by = ? AND revoked = FALSE AND valid_from <= ? AND valid_until > ? "
                        + "AND (scenario IS NULL OR scenario = ?)")
                .params(staffId, systemId, "staff:" + staffId, Timestamp.from(now), Timestamp.from(now),
                        scenario == null ? "" : scenario)
                .query(Integer.class).single() > 0;
    }

    /**
     * The ids of {@code staffId}'s own windows in force at {@code now} that let {@code systemId} sign in
     * {@code scenario} (as {@link #windowCovers}).
     */
    public List<Long> coveringWindows(String staffId, String systemId, String scenario, Instant now) {
        return jdbc.sql("SELECT id FROM signing_authorization WHERE staff_id = ? AND system_id = ? "
                        + "AND created_by = ? AND revoked = FALSE AND valid_from <= ? AND valid_until > ? "
                        + "AND (scenario IS NULL OR scenario = ?)")
                .params(staffId, systemId, "staff:" + staffId, Timestamp.from(now), Timestamp.from(now),
                        scenario == null ? "" : scenario)
                .query(Long.class).list();
    }

    /** Which of {@code ids} are windows still in force at {@code now} (not closed, not run out). */
    public java.util.Set<Long> inForce(java.util.Collection<Long> ids, Instant now) {
        java.util.Set<Long> found = new java.util.HashSet<>();
        List<Long> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> page = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(page.size(), "?"));
            List<Object> params = new java.util.ArrayList<>(page);
            params.add(Timestamp.from(now));
            found.addAll(jdbc.sql("SELECT id FROM signing_authorization WHERE id IN (" + marks + ") "
                    + "AND revoked = FALSE AND valid_until > ?").params(params).query(Long.class).list());
        }
        return found;
    }

    /** Closes every window of a staff member (freeze, departure). */
    public int revokeAll(String staffId) {
        return jdbc.sql("UPDATE signing_authorization SET revoked = TRUE WHERE staff_id = ? AND revoked = FALSE")
                .param(staffId).update();
    }

    /**
     * Opens an authorization created by {@code createdBy} (for a signing window: {@code staff:<id>}, the signer
     * themself) and returns it; {@link #windowCovers} honours it at once.
     */
    public Window open(String staffId, String systemId, String scenario, Instant from, Instant until,
                       String createdBy) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO signing_authorization (staff_id, system_id, scenario, valid_from, valid_until, revoked, "
                        + "created_by, created_at) VALUES (?, ?, ?, ?, ?, FALSE, ?, ?)")
                .params(staffId, systemId, scenario, Timestamp.from(from), Timestamp.from(until), createdBy,
                        Timestamp.from(Instant.now()))
                .update(key, "id");
        return new Window(key.getKey().longValue(), staffId, systemId, scenario, from, until);
    }

    /** The authorizations of {@code staffId} created by {@code createdBy} that are in force at {@code now}. */
    public List<Window> openOf(String staffId, String createdBy, Instant now) {
        return jdbc.sql("SELECT id, system_id, scenario, valid_from, valid_until FROM signing_authorization "
                        + "WHERE staff_id = ? AND created_by = ? AND revoked = FALSE AND valid_until > ? "
                        + "ORDER BY valid_until, id")
                .params(staffId, createdBy, Timestamp.from(now))
                .query((rs, n) -> new Window(rs.getLong(1), staffId, rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant())).list();
    }

    /**
     * Closes one authorization of {@code staffId} created by {@code createdBy}, if it is still in force; false when
     * there is none such (another signer's, an administrator's, closed or run out).
     */
    public boolean close(long id, String staffId, String createdBy, Instant now) {
        return jdbc.sql("UPDATE signing_authorization SET revoked = TRUE WHERE id = ? AND staff_id = ? "
                        + "AND created_by = ? AND revoked = FALSE AND valid_until > ?")
                .params(id, staffId, createdBy, Timestamp.from(now)).update() > 0;
    }

    /** Closes every authorization of {@code staffId} created by {@code createdBy}; returns how many were open. */
    public int closeAll(String staffId, String createdBy, Instant now) {
        return jdbc.sql("UPDATE signing_authorization SET revoked = TRUE WHERE staff_id = ? AND created_by = ? "
                        + "AND revoked = FALSE AND valid_until > ?")
                .params(staffId, createdBy, Timestamp.from(now)).update();
    }

    // ---- the security administrator's view of self-granted windows (console 移动签名, issue #13)

    /**
     * Every authorization in force at {@code now} whose creator starts with {@code creatorPrefix} (for signing
     * windows: {@code staff:}), soonest end first, at most {@code limit}.
     */
    public List<Window> inForceCreatedBy(String creatorPrefix, Instant now, int limit) {
        return jdbc.sql("SELECT id, staff_id, system_id, scenario, valid_from, valid_until FROM signing_authorization "
                        + "WHERE created_by LIKE ? AND revoked = FALSE AND valid_until > ? ORDER BY valid_until, id "
                        + "FETCH FIRST " + limit + " ROWS ONLY")
                .params(creatorPrefix + "%", Timestamp.from(now))
                .query((rs, n) -> new Window(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant())).list();
    }

    /**
     * Closes authorization {@code id} if it is in force and its creator starts with {@code creatorPrefix}; returns it
     * as it was, or empty when there is none such (an administrator's grant, closed or run out).
     */
    public java.util.Optional<Window> closeCreatedBy(long id, String creatorPrefix, Instant now) {
        java.util.Optional<Window> open = jdbc.sql("SELECT id, staff_id, system_id, scenario, valid_from, valid_until "
                        + "FROM signing_authorization WHERE id = ? AND created_by LIKE ? AND revoked = FALSE "
                        + "AND valid_until > ?")
                .params(id, creatorPrefix + "%", Timestamp.from(now))
                .query((rs, n) -> new Window(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant())).optional();
        if (open.isEmpty() || jdbc.sql("UPDATE signing_authorization SET revoked = TRUE WHERE id = ? "
                + "AND revoked = FALSE AND valid_until > ?").params(id, Timestamp.from(now)).update() == 0) {
            return java.util.Optional.empty();
        }
        return open;
    }
}
