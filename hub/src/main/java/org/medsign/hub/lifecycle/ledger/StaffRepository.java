package org.medsign.hub.lifecycle.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The roster table {@code staff}: the only class whose SQL names it. Clear identity numbers never leave it: callers
 * hand in the sealed form, the mask and the lookup index.
 */
@Component
public class StaffRepository {

    /** A staff member as the lifecycle rules see them. */
    public record Holder(String staffId, String name, String department, String post, String employmentStatus) {
    }

    /** A staff member as the ledger import compares them (no clear identity number). */
    public record RosterEntry(String staffId, String name, String department, String post, String status,
                              String mobile, String idIndex) {
    }

    /** A staff member for screens: identity number masked only. */
    public record Profile(String staffId, String name, String idCardMasked, String department, String post,
                          String employmentStatus, String mobile) {
    }

    /** The identity number of a new or changed staff member, already sealed, masked and indexed. */
    public record SealedIdentity(byte[] sealed, String masked, String index) {
    }

    private final JdbcClient jdbc;

    public StaffRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the signer is an organisation (a department or hospital certificate held by the hub). */
    public boolean isOrganisation(String staffId) {
        return jdbc.sql("SELECT COUNT(*) FROM staff WHERE staff_id = ? AND signer_kind = 'ORGANISATION'")
                .param(staffId).query(Integer.class).single() > 0;
    }

    /** Sets the signer kind ({@code PERSON} or {@code ORGANISATION}); false for an unknown staff id. */
    public boolean setSignerKind(String staffId, String kind, Instant now) {
        return jdbc.sql("UPDATE staff SET signer_kind = ?, updated_at = ? WHERE staff_id = ?")
                .params(kind, Timestamp.from(now), staffId).update() > 0;
    }

    /** Whether a staff member exists. */
    public boolean exists(String staffId) {
        return jdbc.sql("SELECT COUNT(*) FROM staff WHERE staff_id = ?").param(staffId).query(Integer.class).single() > 0;
    }

    /** Every staff id of the roster. */
    public Set<String> staffIds() {
        return new HashSet<>(jdbc.sql("SELECT staff_id FROM staff").query(String.class).list());
    }

    /** A staff member for screens. */
    public Optional<Profile> profile(String staffId) {
        return jdbc.sql("SELECT staff_id, name, id_card_masked, department, post, employment_status, mobile FROM staff "
                        + "WHERE staff_id = ?").param(staffId)
                .query((rs, n) -> new Profile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)))
                .optional();
    }

    /** A staff member, if in the roster. */
    public Optional<Holder> holder(String staffId) {
        return jdbc.sql(HOLDER + " WHERE staff_id = ?").param(staffId).query((rs, n) -> holder(rs)).optional();
    }

    /** The staff ids of organisations (department and hospital certificates, signer kind ORGANISATION). */
    public Set<String> organisations() {
        return new java.util.HashSet<>(jdbc.sql("SELECT staff_id FROM staff WHERE signer_kind = 'ORGANISATION'")
                .query(String.class).list());
    }

    /** The whole roster by staff id. */
    public Map<String, Holder> holders() {
        Map<String, Holder> holders = new HashMap<>();
        jdbc.sql(HOLDER).query((rs, n) -> holder(rs)).list().forEach(h -> holders.put(h.staffId(), h));
        return holders;
    }

    /** These staff members (unknown ids are left out), by staff id: a few looked up one by one, many from the roster. */
    public Map<String, Holder> holders(Collection<String> staffIds) {
        Set<String> wanted = new HashSet<>(staffIds);
        wanted.remove(null);
        Map<String, Holder> holders = new HashMap<>();
        if (wanted.size() > FEW) {
            holders().forEach((staffId, holder) -> {
                if (wanted.contains(staffId)) {
                    holders.put(staffId, holder);
                }
            });
            return holders;
        }
        for (String staffId : wanted) {
            holder(staffId).ifPresent(h -> holders.put(staffId, h));
        }
        return holders;
    }

    private static final int FEW = 20;

    private static final String HOLDER = "SELECT staff_id, name, department, post, employment_status FROM staff";

    private static Holder holder(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Holder(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
    }

    /** A staff member's e-mail address, if the roster has one. */
    public Optional<String> email(String staffId) {
        return jdbc.sql("SELECT email FROM staff WHERE staff_id = ?").param(staffId).query(String.class).optional();
    }

    /** Staff ids whose employment status is one of these. */
    public Set<String> withEmploymentStatus(Collection<String> statuses) {
        Set<String> ids = new HashSet<>();
        for (String status : statuses) {
            ids.addAll(jdbc.sql("SELECT staff_id FROM staff WHERE employment_status = ?").param(status)
                    .query(String.class).list());
        }
        return ids;
    }

    /** Staff ids of leavers marked left at or before {@code cutoff}. */
    public Set<String> leftAtOrBefore(Instant cutoff) {
        return new HashSet<>(jdbc.sql("SELECT staff_id FROM staff WHERE employment_status = 'left' AND left_at <= ?")
                .param(Timestamp.from(cutoff)).query(String.class).list());
    }

    /** Stamps new leavers with {@code now} and clears the stamp of those back at work. */
    public void stampLeavers(Instant now) {
        jdbc.sql("UPDATE staff SET left_at = ? WHERE employment_status = 'left' AND left_at IS NULL")
                .param(Timestamp.from(now)).update();
        jdbc.sql("UPDATE staff SET left_at = NULL WHERE employment_status <> 'left' AND left_at IS NOT NULL")
                .update();
    }

    /** The roster as the ledger import compares it, by staff id. */
    public Map<String, RosterEntry> roster() {
        Map<String, RosterEntry> staff = new HashMap<>();
        jdbc.sql("SELECT staff_id, name, department, post, employment_status, mobile, id_card_index FROM staff")
                .query((rs, n) -> new RosterEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)))
                .list().forEach(row -> staff.put(row.staffId(), row));
        return staff;
    }

    /** Adds a staff member (identity may be null). */
    public void insert(RosterEntry entry, SealedIdentity identity, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, id_card_enc, "
                        + "id_card_masked, id_card_index, mobile, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(entry.staffId(), entry.name(), entry.department(), entry.post(), entry.status(),
                        identity == null ? null : identity.sealed(), identity == null ? null : identity.masked(),
                        identity == null ? null : identity.index(), entry.mobile(), at, at)
                .update();
    }

    /** Adds an active staff member without identity number or mobile (the demo roster). */
    public void insertActive(String staffId, String name, String department, String post, Instant now) {
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, 'active', ?, ?)")
                .params(staffId, name, department, post, Timestamp.from(now), Timestamp.from(now)).update();
    }

    /** Corrects name, department, post, status and mobile. */
    public void update(RosterEntry entry, Instant now) {
        jdbc.sql("UPDATE staff SET name = ?, department = ?, post = ?, employment_status = ?, mobile = ?, "
                        + "updated_at = ? WHERE staff_id = ?")
                .params(entry.name(), entry.department(), entry.post(), entry.status(), entry.mobile(),
                        Timestamp.from(now), entry.staffId())
                .update();
    }

    /** Replaces the identity number (null clears it). */
    public void updateIdentity(String staffId, SealedIdentity identity) {
        jdbc.sql("UPDATE staff SET id_card_enc = ?, id_card_masked = ?, id_card_index = ? WHERE staff_id = ?")
                .params(identity == null ? null : identity.sealed(), identity == null ? null : identity.masked(),
                        identity == null ? null : identity.index(), staffId)
                .update();
    }
}
