package org.medsign.crypto.sm;

import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.MalformedInputException;

/**
 * SM4 block cipher (GB/T 32907): ECB (single blocks, for known-answer checks), CBC with PKCS#7 padding, and GCM,
 * which is what the hub uses to wrap keys at rest ({@link #wrap}/{@link #unwrap}).
 */
public final class Sm4 {

    /** Key and block length in bytes. */
    public static final int KEY_LENGTH = 16;
    private static final int GCM_NONCE_LENGTH = 12;
    private static final int GCM_TAG_BITS = 128;

    private Sm4() {
    }

    /** Encrypts exactly one 16-byte block (ECB). */
    public static byte[] encryptBlock(byte[] key, byte[] block) {
        return processBlock(true, key, block);
    }

    /** Decrypts exactly one 16-byte block (ECB). */
    public static byte[] decryptBlock(byte[] key, byte[] block) {
        return processBlock(false, key, block);
    }

    private static byte[] processBlock(boolean encrypt, byte[] key, byte[] block) {
        checkKey(key);
        if (block.length != KEY_LENGTH) {
            throw new MalformedInputException("SM4 block must be 16 bytes, got " + block.length);
        }
        SM4Engine engine = new SM4Engine();
        engine.init(encrypt, new KeyParameter(key));
        byte[] out = new byte[KEY_LENGTH];
        engine.processBlock(block, 0, out, 0);
        return out;
    }

    /** SM4-CBC with PKCS#7 padding. */
    public static byte[] encryptCbc(byte[] key, byte[] iv, byte[] plaintext) {
        return cbc(true, key, iv, plaintext);
    }

    /** Inverse of {@link #encryptCbc}; a wrong key or corrupted data fails with {@link MalformedInputException}. */
    public static byte[] decryptCbc(byte[] key, byte[] iv, byte[] ciphertext) {
        return cbc(false, key, iv, ciphertext);
    }

    private static byte[] cbc(boolean encrypt, byte[] key, byte[] iv, byte[] input) {
        checkKey(key);
        BufferedBlockCipher cipher = new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(new SM4Engine()),
                new PKCS7Padding());
        cipher.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        return run(cipher, input);
    }

    private static byte[] run(BufferedBlockCipher cipher, byte[] input) {
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        try {
            int n = cipher.processBytes(input, 0, input.length, out, 0);
            n += cipher.doFinal(out, n);
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (InvalidCipherTextException | DataLengthException e) {
            throw new MalformedInputException("SM4 decryption failed: wrong key or corrupted data", e);
        }
    }

    /**
     * Wraps (encrypts and authenticates) a secret with SM4-GCM under {@code kek}; the output is nonce ‖ ciphertext ‖
     * tag. {@code associatedData} binds the wrapped secret to its context (for example the key alias).
     */
    public static byte[] wrap(byte[] kek, byte[] secret, byte[] associatedData, SecureRandom random) {
        checkKey(kek);
        byte[] nonce = new byte[GCM_NONCE_LENGTH];
        random.nextBytes(nonce);
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(true, new AEADParameters(new KeyParameter(kek), GCM_TAG_BITS, nonce, associatedData));
        byte[] out = new byte[GCM_NONCE_LENGTH + gcm.getOutputSize(secret.length)];
        System.arraycopy(nonce, 0, out, 0, GCM_NONCE_LENGTH);
        int n = gcm.processBytes(secret, 0, secret.length, out, GCM_NONCE_LENGTH);
        try {
            gcm.doFinal(out, GCM_NONCE_LENGTH + n);
        } catch (InvalidCipherTextException e) {
            throw new CryptoOperationException("SM4-GCM encryption failed", e);
        }
        return out;
    }

    /** Inverse of {@link #wrap}; a wrong key, wrong associated data or any modification fails. */
    public static byte[] unwrap(byte[] kek, byte[] wrapped, byte[] associatedData) {
        checkKey(kek);
        if (wrapped.length < GCM_NONCE_LENGTH + GCM_TAG_BITS / 8) {
            throw new MalformedInputException("wrapped key too short");
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(false, new AEADParameters(new KeyParameter(kek), GCM_TAG_BITS,
                Arrays.copyOf(wrapped, GCM_NONCE_LENGTH), associatedData));
        byte[] out = new byte[gcm.getOutputSize(wrapped.length - GCM_NONCE_LENGTH)];
        int n = gcm.processBytes(wrapped, GCM_NONCE_LENGTH, wrapped.length - GCM_NONCE_LENGTH, out, 0);
        try {
            gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new MalformedInputException("SM4-GCM authentication failed: wrong key or modified data", e);
        }
        return out;
    }

    private static void checkKey(byte[] key) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new MalformedInputException("SM4 key must be 16 bytes");
        }
    }
}
