package org.medsign.hub.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.sm.Sm4;
import org.medsign.hub.HubException;
import org.medsign.hub.HubProperties;
import org.medsign.hub.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The key-encryption key (KEK) that wraps every private key the hub stores: PBKDF2-HMAC-SM3 (200,000 iterations,
 * random salt kept in the database) over the bootstrap password. The password comes from
 * {@code MEDSIGN_BOOTSTRAP_PASSWORD}, or is generated on first start and written once to
 * {@code $MEDSIGN_HOME/secrets/bootstrap-password} (mode 600). A check value detects a wrong password at start.
 */
@Component
public class KeyEncryptionKey {

    private static final Logger log = LoggerFactory.getLogger(KeyEncryptionKey.class);
    private static final int ITERATIONS = 200_000;
    private static final byte[] CHECK_AAD = "medsign-kek-check".getBytes(StandardCharsets.US_ASCII);

    private final byte[] key;
    private final SecureRandom random = org.medsign.crypto.sm.PerThreadRandom.INSTANCE;

    public KeyEncryptionKey(HubSettings settings, HubProperties properties) {
        char[] password = bootstrapPassword(properties.home());
        byte[] salt = settings.find("kek.salt").orElse(null);
        if (salt == null) {
            salt = new byte[16];
            random.nextBytes(salt);
            settings.insert("kek.salt", salt, Instant.now());
            salt = settings.find("kek.salt").orElseThrow();
        }
        this.key = derive(password, salt);
        Arrays.fill(password, '\0');
        byte[] check = settings.find("kek.check").orElse(null);
        if (check == null) {
            settings.insert("kek.check", Sm4.wrap(key, new byte[16], CHECK_AAD, random), Instant.now());
        } else {
            try {
                Sm4.unwrap(key, check, CHECK_AAD);
            } catch (MalformedInputException e) {
                throw new HubException(ErrorCode.BOOTSTRAP_PASSWORD_WRONG, "the bootstrap password does not open this "
                        + "database's keys (MEDSIGN_BOOTSTRAP_PASSWORD or secrets/bootstrap-password)");
            }
        }
    }

    byte[] wrap(byte[] secret, byte[] associatedData) {
        return Sm4.wrap(key, secret, associatedData, random);
    }

    byte[] unwrap(byte[] wrapped, byte[] associatedData) {
        return Sm4.unwrap(key, wrapped, associatedData);
    }

    /** Encrypts small personal data at rest (identity numbers, request contents) under the KEK. */
    public byte[] seal(byte[] data, String context) {
        return Sm4.wrap(key, data, context.getBytes(StandardCharsets.UTF_8), random);
    }

    /** Inverse of {@link #seal}. */
    public byte[] open(byte[] sealed, String context) {
        return Sm4.unwrap(key, sealed, context.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A keyed fingerprint (HMAC-SM3 under the KEK, hex) of small personal data, so that it can be looked up and
     * compared without being decrypted; equal inputs in the same context give equal fingerprints.
     */
    public String fingerprint(String data, String context) {
        byte[] input = (context + "\u0000" + data).getBytes(StandardCharsets.UTF_8);
        return java.util.HexFormat.of().formatHex(org.medsign.crypto.sm.Sm3.hmac(key, input));
    }

    private static byte[] derive(char[] password, byte[] salt) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SM3Digest());
        generator.init(new String(password).getBytes(StandardCharsets.UTF_8), salt, ITERATIONS);
        return ((KeyParameter) generator.generateDerivedParameters(128)).getKey();
    }

    private static char[] bootstrapPassword(Path home) {
        String fromEnv = System.getenv("MEDSIGN_BOOTSTRAP_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Path file = home.resolve("secrets").resolve("bootstrap-password");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim().toCharArray();
            }
            String generated = SecretFiles.generate(24);
            SecretFiles.writeOwnerOnly(file, generated);
            log.warn("Generated a bootstrap password and wrote it to {} (owner-only). Back it up: without it the "
                    + "hub's keys cannot be opened.", file.toAbsolutePath());
            return generated.toCharArray();
        } catch (IOException e) {
            throw new HubException(ErrorCode.BOOTSTRAP_PASSWORD_UNAVAILABLE, "cannot read or create " + file, e);
        }
    }

}
