package org.medsign.crypto.sm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The SM2 signer identifier (distinguishing ID) that enters Z_A. GM/T 0009 fixes the default
 * {@code 1234567812345678}; OpenSSL 1.1.1–3.x sign with an empty ID unless told otherwise.
 */
public final class SignerId {

    /** The GM/T 0009 default ID, ASCII "1234567812345678". */
    public static final SignerId DEFAULT = new SignerId("1234567812345678".getBytes(StandardCharsets.US_ASCII));
    /** The empty ID that OpenSSL 3.0 uses where no {@code distid} is given. */
    public static final SignerId EMPTY = new SignerId(new byte[0]);

    private static final int MAX_BYTES = 8191; // ENTL is 16 bits of bit length

    private final byte[] value;

    private SignerId(byte[] value) {
        this.value = value;
    }

    /** An ID from raw bytes. */
    public static SignerId of(byte[] value) {
        if (value.length > MAX_BYTES) {
            throw new IllegalArgumentException("SM2 signer ID longer than " + MAX_BYTES + " bytes");
        }
        return Arrays.equals(value, DEFAULT.value) ? DEFAULT : new SignerId(value.clone());
    }

    /** An ID from an ASCII/UTF-8 string. */
    public static SignerId of(String value) {
        return of(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The ID bytes (a copy). */
    public byte[] bytes() {
        return value.clone();
    }

    byte[] rawBytes() {
        return value;
    }

    /** Whether this is the GM/T 0009 default ID. */
    public boolean isDefault() {
        return Arrays.equals(value, DEFAULT.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignerId other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return value.length == 0 ? "(empty)" : new String(value, StandardCharsets.UTF_8);
    }
}
