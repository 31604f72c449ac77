package org.medsign.crypto.sm;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomParameters;
import java.util.UUID;

/**
 * A {@link SecureRandom} whose bytes come from a DRBG of the calling thread (the JDK's {@code DRBG}, Hash_DRBG with
 * SHA-256, seeded from the operating system's entropy on a thread's first use).
 *
 * <p>{@code new SecureRandom()} on Linux is {@code NativePRNG}: every instance takes one process-wide lock per call,
 * and sixteen signing threads drawing SM2 nonces, SM4-GCM nonces and signature ids queued on it (JFR, issue #18:
 * seconds of monitor waits per minute of load). One generator per thread draws without a lock; the bytes are as
 * unpredictable as the shared generator's.
 */
public final class PerThreadRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    private static final ThreadLocal<SecureRandom> LOCAL = ThreadLocal.withInitial(PerThreadRandom::drbg);

    /** The one instance: share it freely, each thread draws from its own generator. */
    public static final PerThreadRandom INSTANCE = new PerThreadRandom();

    private PerThreadRandom() {
        super(new byte[] {0}); // the inherited generator is never used
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** A random (version 4) UUID from the calling thread's generator. */
    public static UUID uuid() {
        byte[] bytes = new byte[16];
        LOCAL.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (bytes[i] & 0xff);
            least = (least << 8) | (bytes[8 + i] & 0xff);
        }
        return new UUID(most, least);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        LOCAL.get().nextBytes(bytes);
    }

    @Override
    public void nextBytes(byte[] bytes, SecureRandomParameters parameters) {
        LOCAL.get().nextBytes(bytes, parameters);
    }

    @Override
    public byte[] generateSeed(int numBytes) {
        return LOCAL.get().generateSeed(numBytes);
    }

    @Override
    public void setSeed(byte[] seed) {
        // mixes into the calling thread's generator only; never replaces its entropy
        if (LOCAL != null) {
            LOCAL.get().setSeed(seed);
        }
    }

    @Override
    public void setSeed(long seed) {
        // java.util.Random's constructor calls this; a long seed adds nothing to a DRBG seeded from the system
    }

    @Override
    public String getAlgorithm() {
        return "DRBG (one per thread)";
    }
}
