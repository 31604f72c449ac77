package org.medsign.hub.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.medsign.crypto.collab.ServerShare;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.crypto.key.SoftwareSigningKey;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Private keys the hub holds (CA, TSA, staff signing keys), stored SM4-GCM-wrapped under the key-encryption key
 * with the alias as associated data, and cached unwrapped in memory as {@link SigningKeyRef}s. The only class that
 * sees key bytes; everything else uses aliases. The hub's shares of collaborative keys (issue #14) are sealed the
 * same way under aliases starting with {@value #SHARE_PREFIX}; they are never cached and never become a
 * {@link SigningKeyRef} (a share is not a private key).
 */
@Component
public class KeyVault {

    /** The table of wrapped keys (named for inventories; only this class queries it). */
    public static final String TABLE = "hub_key";

    /** Prefix of the aliases of collaborative key shares. */
    public static final String SHARE_PREFIX = "collab-";

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;
    private final SecureRandom random = org.medsign.crypto.sm.PerThreadRandom.INSTANCE;
    private final Map<String, SigningKeyRef> cache = new ConcurrentHashMap<>();

    public KeyVault(JdbcClient jdbc, KeyEncryptionKey kek) {
        this.jdbc = jdbc;
        this.kek = kek;
    }

    /** A stored key as an inventory lists it: alias and creation time, never key material. */
    public record StoredKey(String alias, Instant createdAt) {
    }

    /** Every key the vault holds (signing keys, shares, transport keys), by alias. */
    public java.util.List<StoredKey> inventory() {
        return jdbc.sql("SELECT alias, created_at FROM hub_key ORDER BY alias")
                .query((rs, n) -> new StoredKey(rs.getString(1), rs.getTimestamp(2).toInstant())).list();
    }

    /** Generates a key, stores it wrapped, and returns its handle. */
    public SigningKeyRef generate(String alias) {
        Sm2KeyPair pair = Sm2.generateKeyPair(random);
        store(alias, pair);
        return cache.computeIfAbsent(alias, a -> SoftwareSigningKey.of(a, pair));
    }

    /** Stores an existing key pair (bootstrap of the CA hierarchy). */
    public void store(String alias, SoftwareSigningKey key) {
        PrivateKeyInfo info = key.exportPrivateKeyInfo();
        ECPrivateKeyParameters privateKey = Sm2.fromPrivateKeyInfo(info);
        store(alias, new Sm2KeyPair(privateKey, key.publicKey()));
        cache.put(alias, key);
    }

    private void store(String alias, Sm2KeyPair pair) {
        byte[] d = toFixed32(privateScalar(pair));
        byte[] wrapped = kek.wrap(d, alias.getBytes(StandardCharsets.UTF_8));
        jdbc.sql("INSERT INTO hub_key (alias, wrapped, public_key, created_at) VALUES (?, ?, ?, ?)")
                .params(alias, wrapped, pair.publicKey().getQ().getEncoded(false), Timestamp.from(Instant.now()))
                .update();
    }

    /** The key under {@code alias}, if stored; never a collaborative key's share (that is {@link #findShare}). */
    public Optional<SigningKeyRef> find(String alias) {
        if (alias.startsWith(SHARE_PREFIX)) {
            return Optional.empty(); // d2 used as a private key would only make signatures that do not verify
        }
        SigningKeyRef cached = cache.get(alias);
        if (cached != null) {
            return Optional.of(cached);
        }
        return jdbc.sql("SELECT wrapped FROM hub_key WHERE alias = ?").param(alias).query(byte[].class).optional()
                .map(wrapped -> cache.computeIfAbsent(alias, a -> unwrap(a, wrapped)));
    }

    /**
     * Seals the hub's share d2 of a collaborative key (SM4-GCM under the KEK, the alias as associated data) with the
     * joint public key P. The alias must start with {@value #SHARE_PREFIX}.
     */
    public void storeShare(String alias, ServerShare share) {
        if (!alias.startsWith(SHARE_PREFIX)) {
            throw new IllegalArgumentException("a share's alias starts with " + SHARE_PREFIX);
        }
        byte[] d2 = share.exportForSealing();
        try {
            byte[] wrapped = kek.wrap(d2, alias.getBytes(StandardCharsets.UTF_8));
            jdbc.sql("INSERT INTO hub_key (alias, wrapped, public_key, created_at) VALUES (?, ?, ?, ?)")
                    .params(alias, wrapped, share.publicKey().getQ().getEncoded(false), Timestamp.from(Instant.now()))
                    .update();
        } finally {
            java.util.Arrays.fill(d2, (byte) 0);
        }
    }

    /** The collaborative key share sealed under {@code alias}, unsealed (not cached), if stored. */
    public Optional<ServerShare> findShare(String alias) {
        if (!alias.startsWith(SHARE_PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT wrapped, public_key FROM hub_key WHERE alias = ?").param(alias)
                .query((rs, n) -> {
                    byte[] d2 = kek.unwrap(rs.getBytes(1), alias.getBytes(StandardCharsets.UTF_8));
                    try {
                        return ServerShare.of(d2, rs.getBytes(2));
                    } finally {
                        java.util.Arrays.fill(d2, (byte) 0);
                    }
                }).optional();
    }

    /**
     * Stores a transport (TLS) key pair: its PKCS#8 encoding wrapped like the signing keys, under an alias of its
     * own. Only TLS keys take this path; signing keys stay SM2 ({@link #generate}).
     */
    public void storeTransportKey(String alias, java.security.KeyPair pair) {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        try {
            byte[] wrapped = kek.wrap(pkcs8, alias.getBytes(StandardCharsets.UTF_8));
            jdbc.sql("INSERT INTO hub_key (alias, wrapped, public_key, created_at) VALUES (?, ?, ?, ?)")
                    .params(alias, wrapped, pair.getPublic().getEncoded(), Timestamp.from(Instant.now())).update();
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** A transport key pair stored by {@link #storeTransportKey}, if any. */
    public Optional<java.security.KeyPair> findTransportKey(String alias) {
        return jdbc.sql("SELECT wrapped, public_key FROM hub_key WHERE alias = ?").param(alias)
                .query((rs, n) -> {
                    byte[] pkcs8 = kek.unwrap(rs.getBytes(1), alias.getBytes(StandardCharsets.UTF_8));
                    try {
                        return org.medsign.crypto.tls.TlsCertificates.keyPair(pkcs8, rs.getBytes(2));
                    } finally {
                        java.util.Arrays.fill(pkcs8, (byte) 0);
                    }
                }).optional();
    }

    /**
     * Destroys a staff signing key (its certificate superseded by a collaborative key): the wrapped key is deleted and
     * this node's cache forgets it. Never a CA, TSA or share alias by mistake: the caller passes the ledger's alias.
     */
    public void destroy(String alias) {
        if (alias.startsWith(SHARE_PREFIX)) {
            throw new IllegalArgumentException("a share is not destroyed this way");
        }
        jdbc.sql("DELETE FROM hub_key WHERE alias = ?").param(alias).update();
        cache.remove(alias);
    }

    /** Removes a transport key (a node's server key replaced by a new one). */
    public void deleteTransportKey(String alias) {
        jdbc.sql("DELETE FROM hub_key WHERE alias = ?").param(alias).update();
    }

    private SigningKeyRef unwrap(String alias, byte[] wrapped) {
        byte[] d = kek.unwrap(wrapped, alias.getBytes(StandardCharsets.UTF_8));
        try {
            return SoftwareSigningKey.of(alias, Sm2.keyPairOf(new java.math.BigInteger(1, d)));
        } finally {
            java.util.Arrays.fill(d, (byte) 0);
        }
    }

    private static java.math.BigInteger privateScalar(Sm2KeyPair pair) {
        return pair.privateKey().getD();
    }

    private static byte[] toFixed32(java.math.BigInteger d) {
        return org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, d);
    }

}
