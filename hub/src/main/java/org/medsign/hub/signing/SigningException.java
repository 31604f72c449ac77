package org.medsign.hub.signing;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;

/** A signing request that cannot be honoured; the code says why (stable, shown to callers). */
public class SigningException extends HubException {

    public SigningException(ErrorCode code, String message) {
        super(code, message);
    }

    /** The signer code names no staff member for this system. */
    public static SigningException signerUnknown(String systemId, String signer) {
        return new SigningException(ErrorCode.SIGNER_UNKNOWN, "signer '" + signer + "' is not an account of system '"
                + systemId + "'");
    }

    /** The staff member has no certificate at all. */
    public static SigningException noCertificate(String staffId) {
        return new SigningException(ErrorCode.SIGNER_NO_CERTIFICATE,
                "staff " + staffId + " has no signing certificate");
    }

    /** The current certificate is frozen (on hold). */
    public static SigningException frozen(String staffId, String serial) {
        return new SigningException(ErrorCode.SIGNER_CERTIFICATE_FROZEN,
                "the signing certificate " + serial + " of staff "
                + staffId + " is frozen");
    }

    /** The current certificate is revoked. */
    public static SigningException revoked(String staffId, String serial) {
        return new SigningException(ErrorCode.SIGNER_CERTIFICATE_REVOKED,
                "the signing certificate " + serial + " of staff "
                + staffId + " is revoked");
    }

    /** The current certificate has expired. */
    public static SigningException expired(String staffId, String serial) {
        return new SigningException(ErrorCode.SIGNER_CERTIFICATE_EXPIRED,
                "the signing certificate " + serial + " of staff "
                + staffId + " has expired");
    }

    /** The current certificate is not valid yet. */
    public static SigningException notYetValid(String staffId, String serial) {
        return new SigningException(ErrorCode.SIGNER_CERTIFICATE_NOT_YET_VALID, "the signing certificate " + serial
                + " of staff " + staffId + " is not valid yet");
    }

    /** The key of the certificate is not in the hub's custody. */
    public static SigningException keyNotHeld(String staffId, String serial) {
        return new SigningException(ErrorCode.SIGNER_KEY_NOT_HELD,
                "the key of certificate " + serial + " (staff " + staffId
                + ") is not held by the hub");
    }
}
