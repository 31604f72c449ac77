package org.medsign.hub.keys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hub's own settings ({@code hub_setting}: name → bytes), written once at bootstrap and read at start: the KEK's
 * salt and check value, the CA chain, the TLS CA and node certificates. The one class whose SQL names the table.
 */
@Component
public class HubSettings {

    /** The table of settings (named for inventories; only this class queries it). */
    public static final String TABLE = "hub_setting";

    private final JdbcClient jdbc;

    public HubSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The value of a setting, if it is stored. */
    public Optional<byte[]> find(String name) {
        return jdbc.sql("SELECT value_bytes FROM hub_setting WHERE name = ?").param(name).query(byte[].class)
                .optional();
    }

    /** Whether a setting is stored. */
    public boolean exists(String name) {
        return jdbc.sql("SELECT COUNT(*) FROM hub_setting WHERE name = ?").param(name).query(Integer.class)
                .single() > 0;
    }

    /** Stores a new setting; one stored already (by another node, say) throws. */
    public void insert(String name, byte[] value, Instant createdAt) throws DuplicateKeyException {
        jdbc.sql("INSERT INTO hub_setting (name, value_bytes, created_at) VALUES (?, ?, ?)")
                .params(name, value, Timestamp.from(createdAt)).update();
    }

    /** Removes a setting (before it is stored anew). */
    public void delete(String name) {
        jdbc.sql("DELETE FROM hub_setting WHERE name = ?").param(name).update();
    }
}
