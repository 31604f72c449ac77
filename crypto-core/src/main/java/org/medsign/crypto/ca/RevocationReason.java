package org.medsign.crypto.ca;

import java.util.Locale;

import org.medsign.crypto.MalformedInputException;

/** RFC 5280 CRLReason codes. {@code removeFromCRL} is not a reason to revoke and is not offered here. */
public enum RevocationReason {
    UNSPECIFIED(0, "unspecified"),
    KEY_COMPROMISE(1, "keyCompromise"),
    CA_COMPROMISE(2, "cACompromise"),
    AFFILIATION_CHANGED(3, "affiliationChanged"),
    SUPERSEDED(4, "superseded"),
    CESSATION_OF_OPERATION(5, "cessationOfOperation"),
    CERTIFICATE_HOLD(6, "certificateHold"),
    PRIVILEGE_WITHDRAWN(9, "privilegeWithdrawn"),
    AA_COMPROMISE(10, "aACompromise");

    private final int code;
    private final String rfcName;

    RevocationReason(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    /** The CRLReason code. */
    public int code() {
        return code;
    }

    /** The RFC 5280 name (camel case, as OpenSSL prints it). */
    public String rfcName() {
        return rfcName;
    }

    /** Whether the revocation can be released (only certificateHold). */
    public boolean isHold() {
        return this == CERTIFICATE_HOLD;
    }

    /** The reason for a CRLReason code. */
    public static RevocationReason ofCode(int code) {
        for (RevocationReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        throw new MalformedInputException("unknown CRL reason code " + code);
    }

    /** Parses "keyCompromise", "key-compromise", "KEY_COMPROMISE" or a number. */
    public static RevocationReason parse(String text) {
        if (text == null || text.isBlank()) {
            throw new MalformedInputException("revocation reason is missing");
        }
        String normalized = text.trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (RevocationReason reason : values()) {
            if (reason.rfcName.toLowerCase(Locale.ROOT).equals(normalized)
                    || reason.name().replace("_", "").toLowerCase(Locale.ROOT).equals(normalized)) {
                return reason;
            }
        }
        if (normalized.chars().allMatch(Character::isDigit)) {
            return ofCode(Integer.parseInt(normalized));
        }
        throw new MalformedInputException("unknown revocation reason '" + text + "'; use one of: "
                + java.util.Arrays.stream(values()).map(RevocationReason::rfcName).toList());
    }
}
