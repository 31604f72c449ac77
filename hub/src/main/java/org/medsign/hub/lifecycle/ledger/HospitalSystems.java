package org.medsign.hub.lifecycle.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.SecretFiles;
import org.springframework.stereotype.Component;

/** Hospital systems and their API keys (stored as SM3 hashes; the key itself is shown once, never stored). */
@Component
public class HospitalSystems {

    private final HospitalSystemRepository systems;
    private final SystemAccountRepository accounts;

    public HospitalSystems(HospitalSystemRepository systems, SystemAccountRepository accounts) {
        this.systems = systems;
        this.accounts = accounts;
    }

    /** Registers a system with the given API key (or a generated one); returns the key. */
    public String register(String systemId, String name, String apiKey) {
        String key = apiKey != null && !apiKey.isEmpty() ? apiKey : SecretFiles.generate(24);
        systems.insert(systemId, name, hash(key), Instant.now());
        return key;
    }

    /** Replaces a system's API key. */
    public void setKey(String systemId, String apiKey) {
        keyCache.clear();
        systems.setKeyHash(systemId, hash(apiKey));
    }

    /** Whether a system exists. */
    public boolean exists(String systemId) {
        return systems.exists(systemId);
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
        Optional<String> system = systems.enabledSystemWithKeyHash(hash);
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
        accounts.insert(systemId, account, staffId);
    }

    /**
     * Maps an account code to a staff member, replacing an earlier mapping of the same code.
     *
     * @return false when the mapping was already exactly this
     */
    public boolean putAccount(String systemId, String account, String staffId) {
        Optional<String> current = accounts.staffFor(systemId, account);
        if (current.isPresent() && current.get().equals(staffId)) {
            return false;
        }
        if (current.isPresent()) {
            accounts.reassign(systemId, account, staffId);
        } else {
            mapAccount(systemId, account, staffId);
        }
        return true;
    }

    static String hash(String apiKey) {
        return HexFormat.of().formatHex(Sm3.digest(apiKey.getBytes(StandardCharsets.UTF_8)));
    }

}
