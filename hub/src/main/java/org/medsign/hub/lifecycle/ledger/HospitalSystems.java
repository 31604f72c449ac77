package org.medsign.hub.lifecycle.ledger;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.SecretFiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Hospital systems and their API keys (stored as SM3 hashes; the key itself is shown once, never stored). */
@Component
public class HospitalSystems {

    private final JdbcClient jdbc;

    public HospitalSystems(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers a system with the given API key (or a generated one); returns the key. */
    public String register(String systemId, String name, String apiKey) {
        String key = apiKey != null && !apiKey.isEmpty() ? apiKey : SecretFiles.generate(24);
        jdbc.sql("INSERT INTO hospital_system (system_id, name, api_key_hash, enabled, created_at) VALUES (?, ?, ?, TRUE, ?)")
                .params(systemId, name, hash(key), Timestamp.from(Instant.now())).update();
        return key;
    }

    /** Replaces a system's API key. */
    public void setKey(String systemId, String apiKey) {
        keyCache.clear();
        jdbc.sql("UPDATE hospital_system SET api_key_hash = ? WHERE system_id = ?").params(hash(apiKey), systemId)
                .update();
    }

    /** Whether a system exists. */
    public boolean exists(String systemId) {
        return jdbc.sql("SELECT COUNT(*) FROM hospital_system WHERE system_id = ?").param(systemId)
                .query(Integer.class).single() > 0;
    }

    /**
     * The enabled system an API key belongs to. Positive answers are cached for {@value #KEY_CACHE_SECONDS} s (a
     * changed or disabled key stops working within that time on every node; at once on this one).
     */
    public Optional<String> systemForKey(String apiKey) {
        String hash = hash(apiKey);
        CachedSystem cached = keyCache.get(hash);
        if (cached != null && cached.until() > System.nanoTime()) {
            return Optional.of(cached.systemId());
        }
        Optional<String> system = jdbc.sql("SELECT system_id FROM hospital_system WHERE api_key_hash = ? "
                + "AND enabled = TRUE").param(hash).query(String.class).optional();
        system.ifPresentOrElse(id -> keyCache.put(hash, new CachedSystem(id,
                System.nanoTime() + KEY_CACHE_SECONDS * 1_000_000_000L)), () -> keyCache.remove(hash));
        return system;
    }

    private static final long KEY_CACHE_SECONDS = 10;

    private record CachedSystem(String systemId, long until) {
    }

    private final java.util.Map<String, CachedSystem> keyCache = new java.util.concurrent.ConcurrentHashMap<>();

    /** Maps a system's account code to a staff member. */
    public void mapAccount(String systemId, String account, String staffId) {
        jdbc.sql("INSERT INTO system_account (system_id, account, staff_id) VALUES (?, ?, ?)")
                .params(systemId, account, staffId).update();
    }

    /**
     * Maps an account code to a staff member, replacing an earlier mapping of the same code.
     *
     * @return false when the mapping was already exactly this
     */
    public boolean putAccount(String systemId, String account, String staffId) {
        Optional<String> current = jdbc.sql("SELECT staff_id FROM system_account WHERE system_id = ? AND account = ?")
                .params(systemId, account).query(String.class).optional();
        if (current.isPresent() && current.get().equals(staffId)) {
            return false;
        }
        if (current.isPresent()) {
            jdbc.sql("UPDATE system_account SET staff_id = ? WHERE system_id = ? AND account = ?")
                    .params(staffId, systemId, account).update();
        } else {
            mapAccount(systemId, account, staffId);
        }
        return true;
    }

    static String hash(String apiKey) {
        return HexFormat.of().formatHex(Sm3.digest(apiKey.getBytes(StandardCharsets.UTF_8)));
    }

}
