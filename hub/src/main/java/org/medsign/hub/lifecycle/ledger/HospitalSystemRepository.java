package org.medsign.hub.lifecycle.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The table {@code hospital_system} (systems and their API key hashes): the only class naming it. */
@Component
public class HospitalSystemRepository {

    private final JdbcClient jdbc;

    public HospitalSystemRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds an enabled system; {@code apiKeyHash} null for one that has no key yet (created by an import). */
    public void insert(String systemId, String name, String apiKeyHash, Instant now) {
        jdbc.sql("INSERT INTO hospital_system (system_id, name, api_key_hash, enabled, created_at) VALUES (?, ?, ?, TRUE, ?)")
                .params(systemId, name, apiKeyHash, Timestamp.from(now)).update();
    }

    /** Replaces a system's API key hash. */
    public void setKeyHash(String systemId, String apiKeyHash) {
        jdbc.sql("UPDATE hospital_system SET api_key_hash = ? WHERE system_id = ?").params(apiKeyHash, systemId)
                .update();
    }

    /** Whether a system exists. */
    public boolean exists(String systemId) {
        return jdbc.sql("SELECT COUNT(*) FROM hospital_system WHERE system_id = ?").param(systemId)
                .query(Integer.class).single() > 0;
    }

    /** The enabled system whose API key has this hash. */
    public Optional<String> enabledSystemWithKeyHash(String apiKeyHash) {
        return jdbc.sql("SELECT system_id FROM hospital_system WHERE api_key_hash = ? AND enabled = TRUE")
                .param(apiKeyHash).query(String.class).optional();
    }

    /** Every system id. */
    public Set<String> systemIds() {
        return new HashSet<>(jdbc.sql("SELECT system_id FROM hospital_system").query(String.class).list());
    }

    /** Every system id, sorted (the rows of the per-system statistics). */
    public List<String> systemIdsInOrder() {
        return jdbc.sql("SELECT system_id FROM hospital_system ORDER BY system_id").query(String.class).list();
    }
}
