package org.medsign.crypto.collab;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.WrongPasswordException;

/**
 * The device share sealed under the PIN and a server pepper, in a format the browser client (collab-js) writes and
 * reads too. Key = PBKDF2-HMAC-SM3(password = pepper ‖ UTF-8(PIN), salt, iterations, 16 bytes); the share d1 is
 * encrypted with SM4-GCM (12-byte nonce, 16-byte tag), the whole header and P being associated data:
 *
 * <pre>
 * "MSDS" | 0x01 | iterations (u32 BE) | salt (16) | nonce (12) | P (65, 04‖X‖Y) | SM4-GCM(d1) (32) | tag (16)
 * </pre>
 *
 * 150 bytes. Without the pepper, which the hub hands out only after login (rate-limited, locking), a stolen sealed
 * share cannot be searched offline for the PIN. A wrong PIN or pepper is {@link WrongPasswordException}.
 */
public final class DeviceShareSeal {

    /** Iterations for new seals. */
    public static final int DEFAULT_ITERATIONS = 100_000;
    /** Fewer iterations are refused when sealing and opening. */
    public static final int MIN_ITERATIONS = 100_000;
    /** More iterations are refused (a sealed share is not a way to make the device spin). */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** The pepper's length. */
    public static final int PEPPER_LENGTH = 32;
    /** Length of a sealed share. */
    public static final int LENGTH = 150;

    private static final byte[] MAGIC = {'M', 'S', 'D', 'S'};
    private static final byte VERSION = 1;
    private static final int SALT_LENGTH = 16;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_LENGTH = 4 + 1 + 4 + SALT_LENGTH + NONCE_LENGTH + CollabParameters.POINT_LENGTH;

    private DeviceShareSeal() {
    }

    /** Seals with {@value #DEFAULT_ITERATIONS} iterations. */
    public static byte[] seal(ClientShare share, char[] pin, byte[] pepper, SecureRandom random) {
        return seal(share, pin, pepper, DEFAULT_ITERATIONS, random);
    }

    /** Seals the share; salt and nonce come from {@code random}. */
    public static byte[] seal(ClientShare share, char[] pin, byte[] pepper, int iterations, SecureRandom random) {
        checkIterations(iterations);
        byte[] salt = new byte[SALT_LENGTH];
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(salt);
        random.nextBytes(nonce);
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).put(VERSION).putInt(iterations).put(salt)
                .put(nonce).put(share.publicKey().getQ().getEncoded(false));
        byte[] key = deriveKey(pin, pepper, salt, iterations);
        byte[] secret = share.exportForSealing();
        try {
            GCMModeCipher gcm = gcm(true, key, nonce, header.array());
            byte[] out = Arrays.copyOf(header.array(), LENGTH);
            int n = gcm.processBytes(secret, 0, secret.length, out, HEADER_LENGTH);
            gcm.doFinal(out, HEADER_LENGTH + n);
            return out;
        } catch (InvalidCipherTextException e) {
            throw new CryptoOperationException("SM4-GCM encryption failed", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Opens a sealed share; a wrong PIN, wrong pepper or any change to the bytes is {@link WrongPasswordException}. */
    public static ClientShare open(byte[] sealed, char[] pin, byte[] pepper) {
        if (sealed == null || sealed.length != LENGTH || !Arrays.equals(sealed, 0, 4, MAGIC, 0, 4)
                || sealed[4] != VERSION) {
            throw new MalformedInputException("not a sealed device share (version 1, " + LENGTH + " bytes)");
        }
        int iterations = ByteBuffer.wrap(sealed, 5, 4).getInt();
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new MalformedInputException("sealed device share has an unacceptable iteration count");
        }
        byte[] salt = Arrays.copyOfRange(sealed, 9, 9 + SALT_LENGTH);
        byte[] nonce = Arrays.copyOfRange(sealed, 9 + SALT_LENGTH, 9 + SALT_LENGTH + NONCE_LENGTH);
        byte[] publicKey = Arrays.copyOfRange(sealed, HEADER_LENGTH - CollabParameters.POINT_LENGTH, HEADER_LENGTH);
        byte[] key = deriveKey(pin, pepper, salt, iterations);
        byte[] d1 = new byte[CollabParameters.SCALAR_LENGTH];
        try {
            GCMModeCipher gcm = gcm(false, key, nonce, Arrays.copyOf(sealed, HEADER_LENGTH));
            byte[] out = new byte[gcm.getOutputSize(LENGTH - HEADER_LENGTH)];
            int n = gcm.processBytes(sealed, HEADER_LENGTH, LENGTH - HEADER_LENGTH, out, 0);
            gcm.doFinal(out, n);
            System.arraycopy(out, 0, d1, 0, d1.length);
            Arrays.fill(out, (byte) 0);
            return ClientShare.of(d1, publicKey);
        } catch (InvalidCipherTextException e) {
            throw new WrongPasswordException("device share: wrong PIN or pepper, or modified data", e);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(d1, (byte) 0);
        }
    }

    /** The KDF alone, for the known-answer vectors shared with collab-js. */
    static byte[] deriveKey(char[] pin, byte[] pepper, byte[] salt, int iterations) {
        if (pin == null || pin.length == 0) {
            throw new IllegalArgumentException("a PIN is required");
        }
        if (pepper == null || pepper.length != PEPPER_LENGTH) {
            throw new IllegalArgumentException("the pepper must be " + PEPPER_LENGTH + " bytes");
        }
        ByteBuffer pinBytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pin));
        byte[] password = new byte[PEPPER_LENGTH + pinBytes.remaining()];
        System.arraycopy(pepper, 0, password, 0, PEPPER_LENGTH);
        pinBytes.get(password, PEPPER_LENGTH, pinBytes.remaining());
        Arrays.fill(pinBytes.array(), (byte) 0);
        try {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SM3Digest());
            generator.init(password, salt, iterations);
            return ((KeyParameter) generator.generateDerivedParameters(128)).getKey();
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private static GCMModeCipher gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] associatedData) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, associatedData));
        return gcm;
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be in [" + MIN_ITERATIONS + ", " + MAX_ITERATIONS + "]");
        }
    }
}
