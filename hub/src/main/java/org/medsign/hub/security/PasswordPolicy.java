package org.medsign.hub.security;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;

/**
 * The password policy for administrator accounts, checked on every password that is set: the holder's own change,
 * and the temporary passwords the hub generates for new accounts and resets (which therefore always comply). The
 * history rule needs the stored hashes and is checked by the caller through {@code reused}.
 */
@Component
public class PasswordPolicy {

    private static final SecureRandom RANDOM = new SecureRandom();
    // no 0/O, 1/l/I: temporary passwords are read from a screen and typed in
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String OTHER = "-_.@";
    private static final String ALL = UPPER + LOWER + DIGITS + OTHER;

    private final PasswordPolicyProperties properties;

    public PasswordPolicy(PasswordPolicyProperties properties) {
        this.properties = properties;
    }

    /** The settings (for hints on screen). */
    public PasswordPolicyProperties properties() {
        return properties;
    }

    /**
     * Checks {@code candidate} as the new password of {@code username}; {@code reused} tells whether it equals the
     * current password or one of the remembered ones.
     *
     * @throws WeakPasswordException naming every rule the candidate breaks
     */
    public void check(String username, String candidate, Predicate<String> reused) {
        List<PasswordRule> violations = new ArrayList<>();
        List<String> why = new ArrayList<>();
        String password = candidate == null ? "" : candidate;
        if (password.codePointCount(0, password.length()) < properties.minLength()) {
            violations.add(PasswordRule.MIN_LENGTH);
            why.add("at least " + properties.minLength() + " characters");
        }
        if (characterClasses(password) < properties.minCharacterClasses()) {
            violations.add(PasswordRule.CHARACTER_CLASSES);
            why.add("at least " + properties.minCharacterClasses()
                    + " of: upper-case letters, lower-case letters, digits, other characters");
        }
        if (username != null && !username.isEmpty()
                && password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
            violations.add(PasswordRule.CONTAINS_USERNAME);
            why.add("not containing the user name");
        }
        if (violations.isEmpty() && reused.test(password)) {
            violations.add(PasswordRule.RECENTLY_USED);
            why.add("different from the current password and the last " + properties.history());
        }
        if (!violations.isEmpty()) {
            throw new WeakPasswordException(violations, "the password does not meet the policy: it needs "
                    + String.join("; ", why));
        }
    }

    /** How many of the four classes (upper, lower, digit, other) {@code password} mixes. */
    static int characterClasses(String password) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < password.length(); ) {
            int c = password.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    /**
     * A random password for {@code username} that meets the policy (all four classes, at least 16 characters or the
     * minimum length), for bootstrap accounts, new accounts and resets; it must be changed at the first login.
     */
    public String generate(String username) {
        int length = Math.max(16, properties.minLength());
        while (true) {
            List<Character> chars = new ArrayList<>(length);
            for (String set : List.of(UPPER, LOWER, DIGITS, OTHER)) {
                chars.add(set.charAt(RANDOM.nextInt(set.length())));
            }
            while (chars.size() < length) {
                chars.add(ALL.charAt(RANDOM.nextInt(ALL.length())));
            }
            java.util.Collections.shuffle(chars, RANDOM);
            StringBuilder password = new StringBuilder(length);
            chars.forEach(password::append);
            String generated = password.toString();
            try {
                check(username, generated, p -> false);
                return generated;
            } catch (WeakPasswordException e) {
                // the user name happened to appear in it: draw again
            }
        }
    }
}
