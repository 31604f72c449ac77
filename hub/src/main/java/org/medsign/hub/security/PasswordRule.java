package org.medsign.hub.security;

/** One rule of the password policy a candidate password broke; the name is part of the API's problem details. */
public enum PasswordRule {
    /** Shorter than {@code medsign.security.password.min-length}. */
    MIN_LENGTH,
    /** Mixes fewer than {@code min-character-classes} of upper case, lower case, digits and other characters. */
    CHARACTER_CLASSES,
    /** Contains the user name (in any letter case). */
    CONTAINS_USERNAME,
    /** Equal to the current password or one of the last {@code history} ones. */
    RECENTLY_USED
}
