package org.medsign.hub.mobile;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.medsign.crypto.collab.DeviceShareSeal;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tables of collaborative device keys (issue #14): {@code collab_key} (which vault alias holds the hub's share of
 * which certificate) and {@code device_pepper} (each clinician's pepper of the PIN-sealed device share, sealed under
 * the KEK with the staff id in the associated data). The only class whose SQL names them.
 */
@Component
public class DeviceKeyRepository {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;

    public DeviceKeyRepository(JdbcClient jdbc, KeyEncryptionKey kek) {
        this.jdbc = jdbc;
        this.kek = kek;
    }

    /** Records that the share under {@code shareAlias} belongs to the certificate {@code serial}. */
    void insertKey(String serial, String staffId, String shareAlias, Instant now) {
        jdbc.sql("INSERT INTO collab_key (serial, staff_id, share_alias, created_at) VALUES (?, ?, ?, ?)")
                .params(serial, staffId, shareAlias, Timestamp.from(now)).update();
    }

    /** The vault alias of the hub's share of the certificate {@code serial}. */
    public Optional<String> shareAlias(String serial) {
        return jdbc.sql("SELECT share_alias FROM collab_key WHERE serial = ?").param(serial).query(String.class)
                .optional();
    }

    /** A fresh random pepper for {@code staffId}, replacing any earlier one; returned once to hand to the device. */
    byte[] renewPepper(String staffId, Instant now) {
        byte[] pepper = new byte[DeviceShareSeal.PEPPER_LENGTH];
        RANDOM.nextBytes(pepper);
        jdbc.sql("DELETE FROM device_pepper WHERE staff_id = ?").param(staffId).update();
        jdbc.sql("INSERT INTO device_pepper (staff_id, sealed, created_at) VALUES (?, ?, ?)")
                .params(staffId, kek.seal(pepper, context(staffId)), Timestamp.from(now)).update();
        return pepper;
    }

    /** Deletes the clinician's pepper (phone lost): the sealed share on the old phone can no longer be opened. */
    void deletePepper(String staffId) {
        jdbc.sql("DELETE FROM device_pepper WHERE staff_id = ?").param(staffId).update();
    }

    /** The clinician's pepper, unsealed, if their device is activated. */
    Optional<byte[]> pepper(String staffId) {
        return jdbc.sql("SELECT sealed FROM device_pepper WHERE staff_id = ?").param(staffId).query(byte[].class)
                .optional().map(sealed -> kek.open(sealed, context(staffId)));
    }

    private static String context(String staffId) {
        return "device-pepper:" + staffId;
    }
}
