package org.medsign.hub.mobile;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.medsign.crypto.sm.Sm3;

/** Random activation codes and session tokens, and the SM3 hashes that are all the hub stores of them. */
final class MobileSecrets {

    /** No 0/O, 1/I/L: codes are read off a screen and typed on a phone. */
    private static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final int CODE_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();

    private MobileSecrets() {
    }

    /** A one-time activation code: 10 characters of a 31-letter alphabet (about 49 bits). */
    static String activationCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    /** A session token: 256 random bits, base64url without padding. */
    static String sessionToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SM3 hash (hex) of a code or token; codes are compared without case and spaces. */
    static String hash(String secret) {
        return HexFormat.of().formatHex(Sm3.digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** An activation code as typed, normalised (upper case, no spaces or dashes). */
    static String normaliseCode(String typed) {
        return typed == null ? "" : typed.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
    }
}
