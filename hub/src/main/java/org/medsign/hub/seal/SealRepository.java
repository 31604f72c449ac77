package org.medsign.hub.seal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The one class whose SQL names {@code seal} and {@code seal_scope}. */
@Component
public class SealRepository {

    private static final String COLUMNS = "seal_id, name, kind, special_type, owner_staff_id, owner_unit, width_mm, "
            + "height_mm, shape, colour, cert_serial, valid_from, valid_until, image_sm3, status, created_by, created_at";

    private final JdbcClient jdbc;

    public SealRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new seal with its image, SESeal and scope. */
    void insert(Seal seal, byte[] png, byte[] seseal) {
        jdbc.sql("INSERT INTO seal (seal_id, name, kind, special_type, owner_staff_id, owner_unit, image_png, image_sm3, "
                        + "width_mm, height_mm, shape, colour, cert_serial, valid_from, valid_until, seseal, status, "
                        + "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        + "?, ?, ?)")
                .params(seal.id(), seal.name(), seal.kind().name(), seal.specialType(), seal.ownerStaffId(),
                        seal.ownerUnit(), png, seal.imageSm3(), seal.widthMm(), seal.heightMm(), seal.shape(),
                        seal.colour(), seal.certificateSerial(), Timestamp.from(seal.validFrom()),
                        Timestamp.from(seal.validUntil()), seseal, seal.status().name(), seal.createdBy(),
                        Timestamp.from(seal.createdAt()), Timestamp.from(seal.createdAt()))
                .update();
        for (SealScope scope : seal.scope()) {
            jdbc.sql("INSERT INTO seal_scope (seal_id, system_id, scenario) VALUES (?, ?, ?)")
                    .params(seal.id(), scope.system(), scope.scenario()).update();
        }
    }

    /** PENDING_APPROVAL → ACTIVE; false when the seal is not pending. */
    boolean activate(String sealId, Instant now) {
        return jdbc.sql("UPDATE seal SET status = 'ACTIVE', updated_at = ? WHERE seal_id = ? AND status = 'PENDING_APPROVAL'")
                .params(Timestamp.from(now), sealId).update() > 0;
    }

    /**
     * Stores a changed seal: name, sizes, style, validity, image SM3 and scope from {@code seal}; the PNG and the
     * SESeal only when given (null keeps them).
     */
    void update(Seal seal, byte[] png, byte[] seseal, Instant now) {
        jdbc.sql("UPDATE seal SET name = ?, width_mm = ?, height_mm = ?, shape = ?, colour = ?, valid_until = ?, "
                        + "image_sm3 = ?, updated_at = ? WHERE seal_id = ?")
                .params(seal.name(), seal.widthMm(), seal.heightMm(), seal.shape(), seal.colour(),
                        Timestamp.from(seal.validUntil()), seal.imageSm3(), Timestamp.from(now), seal.id())
                .update();
        if (png != null) {
            jdbc.sql("UPDATE seal SET image_png = ? WHERE seal_id = ?").params(png, seal.id()).update();
        }
        if (seseal != null) {
            jdbc.sql("UPDATE seal SET seseal = ? WHERE seal_id = ?").params(seseal, seal.id()).update();
        }
        jdbc.sql("DELETE FROM seal_scope WHERE seal_id = ?").param(seal.id()).update();
        for (SealScope scope : seal.scope()) {
            jdbc.sql("INSERT INTO seal_scope (seal_id, system_id, scenario) VALUES (?, ?, ?)")
                    .params(seal.id(), scope.system(), scope.scenario()).update();
        }
    }

    /** {@code from} → {@code to}; false when the seal is not in {@code from} (someone else changed it first). */
    boolean changeStatus(String sealId, SealStatus from, SealStatus to, Instant now) {
        return jdbc.sql("UPDATE seal SET status = ?, updated_at = ? WHERE seal_id = ? AND status = ?")
                .params(to.name(), Timestamp.from(now), sealId, from.name()).update() > 0;
    }

    /** A seal by id, its row locked for the caller's transaction. */
    Optional<Seal> findForUpdate(String sealId) {
        if (jdbc.sql("SELECT seal_id FROM seal WHERE seal_id = ? FOR UPDATE").param(sealId).query(String.class)
                .optional().isEmpty()) {
            return Optional.empty();
        }
        return find(sealId);
    }

    /** Every seal, oldest first. */
    public List<Seal> all() {
        Map<String, List<SealScope>> scopes = new LinkedHashMap<>();
        jdbc.sql("SELECT seal_id, system_id, scenario FROM seal_scope ORDER BY seal_id, system_id, scenario")
                .query((rs, n) -> scopes.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new SealScope(rs.getString(2), rs.getString(3))))
                .list();
        return jdbc.sql("SELECT " + COLUMNS + " FROM seal ORDER BY created_at, seal_id")
                .query((rs, n) -> row(rs, scopes.getOrDefault(rs.getString(1), List.of()))).list();
    }

    /** A seal by id. */
    public Optional<Seal> find(String sealId) {
        List<SealScope> scope = jdbc.sql("SELECT system_id, scenario FROM seal_scope WHERE seal_id = ? "
                        + "ORDER BY system_id, scenario").param(sealId)
                .query((rs, n) -> new SealScope(rs.getString(1), rs.getString(2))).list();
        return jdbc.sql("SELECT " + COLUMNS + " FROM seal WHERE seal_id = ?").param(sealId)
                .query((rs, n) -> row(rs, scope)).optional();
    }

    /** The id of {@code staffId}'s newest ACTIVE personal seal (个人签名), if any. */
    public Optional<String> personalSealOf(String staffId) {
        return jdbc.sql("SELECT seal_id FROM seal WHERE owner_staff_id = ? AND kind = 'PERSONAL' AND status = 'ACTIVE' "
                        + "ORDER BY created_at DESC, seal_id DESC FETCH FIRST 1 ROWS ONLY").param(staffId)
                .query(String.class).optional();
    }

    /** The id of the newest ACTIVE seal named {@code name}, if any. */
    public Optional<String> activeSealNamed(String name) {
        return jdbc.sql("SELECT seal_id FROM seal WHERE name = ? AND status = 'ACTIVE' "
                        + "ORDER BY created_at DESC, seal_id DESC FETCH FIRST 1 ROWS ONLY").param(name)
                .query(String.class).optional();
    }

    /** The PNG of a seal. */
    public Optional<byte[]> image(String sealId) {
        return jdbc.sql("SELECT image_png FROM seal WHERE seal_id = ?").param(sealId)
                .query((rs, n) -> rs.getBytes(1)).optional();
    }

    /** The DER of a seal's SESeal. */
    public Optional<byte[]> seseal(String sealId) {
        return jdbc.sql("SELECT seseal FROM seal WHERE seal_id = ?").param(sealId)
                .query((rs, n) -> rs.getBytes(1)).optional();
    }

    /** Whether a seal of that kind exists for the staff member (PERSONAL) or unit and special type. */
    boolean exists(SealKind kind, String ownerStaffId, String ownerUnit, String specialType) {
        return jdbc.sql("SELECT COUNT(*) FROM seal WHERE kind = ? AND COALESCE(owner_staff_id, '') = ? "
                        + "AND COALESCE(owner_unit, '') = ? AND COALESCE(special_type, '') = ?")
                .params(kind.name(), nz(ownerStaffId), nz(ownerUnit), nz(specialType)).query(Integer.class)
                .single() > 0;
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static Seal row(ResultSet rs, List<SealScope> scope) throws SQLException {
        return new Seal(rs.getString("seal_id"), rs.getString("name"), SealKind.valueOf(rs.getString("kind")),
                rs.getString("special_type"), rs.getString("owner_staff_id"), rs.getString("owner_unit"),
                rs.getInt("width_mm"), rs.getInt("height_mm"), rs.getString("shape"), rs.getString("colour"),
                rs.getString("cert_serial"), rs.getTimestamp("valid_from").toInstant(),
                rs.getTimestamp("valid_until").toInstant(), rs.getString("image_sm3"),
                SealStatus.valueOf(rs.getString("status")), List.copyOf(scope), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant());
    }
}
