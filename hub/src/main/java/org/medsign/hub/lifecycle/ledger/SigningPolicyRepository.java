package org.medsign.hub.lifecycle.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table {@code signing_policy}: one row per system and scenario ({@code *} for the system's default). */
@Repository
public class SigningPolicyRepository {

    /** One stored policy. */
    public record Row(String systemId, String scenario, SigningPolicy policy, boolean handwriting, String updatedBy,
                      Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    public SigningPolicyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The policies stored for a system: its default ({@code *}) and named scenarios. */
    public List<Row> ofSystem(String systemId) {
        return jdbc.sql("SELECT system_id, scenario, policy, handwriting, updated_by, updated_at FROM signing_policy "
                        + "WHERE system_id = ? ORDER BY scenario").param(systemId).query((rs, n) -> row(rs)).list();
    }

    /** Every stored policy, by system and scenario. */
    public List<Row> all() {
        return jdbc.sql("SELECT system_id, scenario, policy, handwriting, updated_by, updated_at FROM signing_policy "
                + "ORDER BY system_id, scenario").query((rs, n) -> row(rs)).list();
    }

    /** The rule stored for exactly this system and scenario ({@code *}: the default), if any. */
    public Optional<SigningPolicies.Rule> find(String systemId, String scenario) {
        return jdbc.sql("SELECT policy, handwriting FROM signing_policy WHERE system_id = ? AND scenario = ?")
                .params(systemId, scenario)
                .query((rs, n) -> new SigningPolicies.Rule(SigningPolicy.valueOf(rs.getString(1)), rs.getBoolean(2)))
                .optional();
    }

    /** Sets (inserts or replaces) a policy and whether it requires the signer's handwriting. */
    public void put(String systemId, String scenario, SigningPolicy policy, boolean handwriting, String by,
                    Instant now) {
        int updated = jdbc.sql("UPDATE signing_policy SET policy = ?, handwriting = ?, updated_by = ?, updated_at = ? "
                        + "WHERE system_id = ? AND scenario = ?")
                .params(policy.name(), handwriting, by, Timestamp.from(now), systemId, scenario).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO signing_policy (system_id, scenario, policy, handwriting, updated_by, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)")
                    .params(systemId, scenario, policy.name(), handwriting, by, Timestamp.from(now)).update();
        }
    }

    /** Removes a scenario's own policy (it follows the system's default again); false when there was none. */
    public boolean remove(String systemId, String scenario) {
        return jdbc.sql("DELETE FROM signing_policy WHERE system_id = ? AND scenario = ?")
                .params(systemId, scenario).update() > 0;
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString(1), rs.getString(2), SigningPolicy.valueOf(rs.getString(3)), rs.getBoolean(4),
                rs.getString(5), rs.getTimestamp(6).toInstant());
    }
}
