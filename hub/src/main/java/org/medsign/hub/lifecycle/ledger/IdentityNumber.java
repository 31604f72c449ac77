package org.medsign.hub.lifecycle.ledger;

/**
 * Resident identity numbers (GB 11643, 18 characters with an ISO 7064 MOD 11-2 check character). Personal data: the
 * clear number is only ever sealed for storage; screens, reports and logs get {@link #mask}.
 */
public final class IdentityNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();

    private IdentityNumber() {
    }

    /** Upper-cases a trailing x and trims; null stays null. */
    public static String normalise(String number) {
        return number == null ? null : number.trim().toUpperCase(java.util.Locale.ROOT);
    }

    /** Whether {@code number} (normalised) is 17 digits plus the right check character. */
    public static boolean isValid(String number) {
        if (number == null || number.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return number.charAt(17) == CHECK[sum % 11];
    }

    /** The check character for 17 leading digits (for generating test data). */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** First three and last four characters, the rest as {@code *}: 110***********1234. */
    public static String mask(String number) {
        if (number == null || number.length() < 8) {
            return number == null ? null : "*".repeat(number.length());
        }
        return number.substring(0, 3) + "*".repeat(number.length() - 7) + number.substring(number.length() - 4);
    }
}
