package org.medsign.hub.seal;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;

/** Base of the seal registry's refusals; the message is the reason shown to the administrator. */
public class SealException extends HubException {

    public SealException(ErrorCode code, String message) {
        super(code, message);
    }

    /** The image is not an acceptable seal picture (format, transparency, size, dimensions, physical size). */
    public static class ImageInvalid extends SealException {
        public ImageInvalid(String reason) {
            super(ErrorCode.SEAL_IMAGE_INVALID, reason);
        }
    }

    /** The owner (staff member or unit) is missing, unknown, or has no certificate to sign with the seal. */
    public static class OwnerInvalid extends SealException {
        public OwnerInvalid(String reason) {
            super(ErrorCode.SEAL_OWNER_INVALID, reason);
        }
    }

    /** A field other than image and owner is missing or wrong (kind, name, special type, validity, scope). */
    public static class RequestInvalid extends SealException {
        public RequestInvalid(String reason) {
            super(ErrorCode.SEAL_INVALID, reason);
        }
    }

    /** No seal with that id. */
    public static class Unknown extends SealException {
        public Unknown(String sealId) {
            super(ErrorCode.SEAL_UNKNOWN, "no seal " + sealId);
        }
    }

    /** The seal's state does not allow the change (revoked, pending approval, already so, a change held). */
    public static class StateConflict extends SealException {
        public StateConflict(String reason) {
            super(ErrorCode.SEAL_STATE_CONFLICT, reason);
        }
    }

    /** A seal that may not be used for a request: unknown, not active, expired, out of scope or another's. */
    public static class NotUsable extends SealException {
        public NotUsable(String reason) {
            super(ErrorCode.SEAL_NOT_USABLE, reason);
        }
    }
}
