package org.medsign.crypto.collab;

import org.medsign.crypto.MedsignCryptoException;

/**
 * A two-party SM2 protocol message was refused, or the protocol could not finish. Nothing was signed. Callers branch
 * on {@link #reason()}; the message names the field but never carries shares, nonces or PINs.
 */
public class CollabProtocolException extends MedsignCryptoException {

    /** Why a message was refused. */
    public enum Reason {
        /** Not the fixed-length encoding (wrong length, wrong tag, not 04‖X‖Y, coordinate ≥ p). */
        BAD_ENCODING,
        /** A point that is not on sm2p256v1. */
        POINT_NOT_ON_CURVE,
        /** The point at infinity where a real point is required. */
        POINT_AT_INFINITY,
        /** A scalar outside [1, n−1] (this includes s2 = 0 from a malicious server). */
        SCALAR_OUT_OF_RANGE,
        /** A signing session that the server does not know, that it already answered, or that is another's. */
        SESSION_UNKNOWN_OR_USED,
        /** The client's e is not SM3(Z_A ‖ M) of the message the server was asked to sign. */
        DIGEST_MISMATCH,
        /** The server's P does not equal [d1⁻¹]P2 − G: a key substitution. */
        PEER_KEY_MISMATCH,
        /** The joint signature does not verify under the public key (a faulty or malicious peer). */
        SIGNATURE_INVALID,
        /** s ∈ {0, n − r}: the signature is unusable; run the protocol again with a fresh k1 and a new session. */
        RETRY_WITH_FRESH_NONCE,
        /** An object used twice that must be used once (a client nonce, a finished key generation). */
        ALREADY_USED
    }

    private final Reason reason;

    public CollabProtocolException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /** The reason code. */
    public Reason reason() {
        return reason;
    }
}
