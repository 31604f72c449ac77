package org.medsign.hub.seal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** The one class whose SQL names {@code permission_rule}. */
@Component
public class PermissionRuleRepository {

    private static final String COLUMNS = "id, post, min_post, department, system_id, scenario, document_type, action, "
            + "special_type, note, updated_by, updated_at";

    private final JdbcClient jdbc;

    public PermissionRuleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every rule, by id. */
    public List<PermissionRule> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM permission_rule ORDER BY id").query((rs, n) -> row(rs)).list();
    }

    /** One rule. */
    Optional<PermissionRule> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM permission_rule WHERE id = ?").param(id)
                .query((rs, n) -> row(rs)).optional();
    }

    /** Stores a new rule (its id is ignored) and returns its id. */
    long insert(PermissionRule rule) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO permission_rule (post, min_post, department, system_id, scenario, document_type, action, "
                        + "special_type, note, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(rule.post(), rule.minPost(), rule.department(), rule.systemId(), rule.scenario(),
                        rule.documentType(), rule.action().name(), rule.specialType(), rule.note(), rule.updatedBy(),
                        Timestamp.from(rule.updatedAt()))
                .update(key, "id");
        return key.getKey().longValue();
    }

    /** Replaces rule {@code rule.id()}; false when there is none. */
    boolean update(PermissionRule rule) {
        return jdbc.sql("UPDATE permission_rule SET post = ?, min_post = ?, department = ?, system_id = ?, scenario = ?, "
                        + "document_type = ?, action = ?, special_type = ?, note = ?, updated_by = ?, updated_at = ? "
                        + "WHERE id = ?")
                .params(rule.post(), rule.minPost(), rule.department(), rule.systemId(), rule.scenario(),
                        rule.documentType(), rule.action().name(), rule.specialType(), rule.note(), rule.updatedBy(),
                        Timestamp.from(rule.updatedAt()), rule.id())
                .update() > 0;
    }

    /** Deletes a rule; false when there is none. */
    boolean delete(long id) {
        return jdbc.sql("DELETE FROM permission_rule WHERE id = ?").param(id).update() > 0;
    }

    private static PermissionRule row(ResultSet rs) throws SQLException {
        return new PermissionRule(rs.getLong("id"), rs.getString("post"), rs.getString("min_post"),
                rs.getString("department"), rs.getString("system_id"), rs.getString("scenario"),
                rs.getString("document_type"), PermissionAction.Kind.valueOf(rs.getString("action")),
                rs.getString("special_type"), rs.getString("note"), rs.getString("updated_by"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
