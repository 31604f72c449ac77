package org.medsign.crypto.ca;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Certificate serial numbers: 127 random bits (positive, at most 16 octets), unpredictable as CA/B rules ask. */
public final class SerialNumbers {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BITS = 127;

    private SerialNumbers() {
    }

    /** A fresh random serial number ≥ 2^64 (so it always has at least 64 random bits and is never zero). */
    public static BigInteger random() {
        BigInteger serial;
        do {
            serial = new BigInteger(BITS, RANDOM);
        } while (serial.bitLength() <= 64);
        return serial;
    }

    /** Upper-case hexadecimal, as OpenSSL prints serials. */
    public static String hex(BigInteger serial) {
        String hex = serial.toString(16).toUpperCase(java.util.Locale.ROOT);
        return hex.length() % 2 == 1 ? "0" + hex : hex;
    }

    /** Parses hexadecimal (optionally with 0x prefix or colons). */
    public static BigInteger parseHex(String text) {
        String clean = text.trim().replace(":", "");
        if (clean.startsWith("0x") || clean.startsWith("0X")) {
            clean = clean.substring(2);
        }
        try {
            return new BigInteger(clean, 16);
        } catch (NumberFormatException e) {
            throw new org.medsign.crypto.MalformedInputException("not a hexadecimal serial number: " + text);
        }
    }
}
