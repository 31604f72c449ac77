package org.medsign.crypto.collab;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.medsign.crypto.collab.CollabProtocolException.Reason;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * The device's side of the two-party SM2 protocol (multiplicative shares, (1 + d)⁻¹ = d1·d2 mod n; docs/security.md),
 * as the SDK and CLI run it; collab-js/src/collab.js is the same for the browser. It checks every server message and
 * releases only a signature that verifies under the joint public key. Thread-safe; each {@link Keygen} and
 * {@link Signing} is single-use.
 */
public final class CollabClient {

    private final SecureRandom random;

    /** A client drawing d1 and k1 from {@code random} (a CSPRNG; tests inject fixed bytes). */
    public CollabClient(SecureRandom random) {
        this.random = random;
    }

    /** Starts key generation: draws d1, the request carries P1 = [d1⁻¹]G. */
    public Keygen startKeygen() {
        return new Keygen(CollabParameters.randomScalar(random));
    }

    /**
     * Starts one signature over {@code message} for the server session {@code sessionId}: e = SM3(Z_A ‖ M) with the
     * joint public key, a fresh k1, Q1 = [k1]G.
     */
    public Signing startSigning(ClientShare share, SessionId sessionId, SignerId id, byte[] message) {
        byte[] e = CollabParameters.digest(share.publicKey().getQ(), id, message);
        return new Signing(share, sessionId, id, message.clone(), e, CollabParameters.randomScalar(random));
    }

    /** One key generation on the device. */
    public static final class Keygen {
        private final AtomicBoolean finished = new AtomicBoolean();
        private BigInteger d1;
        private final KeygenRequest request;

        private Keygen(BigInteger d1) {
            this.d1 = d1;
            this.request = new KeygenRequest(CollabParameters.multiplyG(BigIntegers.modOddInverse(CollabParameters.N,
                    d1)));
        }

        /** The message to send: P1. */
        public KeygenRequest request() {
            return request;
        }

        /**
         * Checks the server's answer (P, P2 on the curve and not infinity, P = [d1⁻¹]P2 − G so the server cannot
         * substitute a key it controls) and returns the device share.
         */
        public ClientShare finish(KeygenResponse response) {
            if (!finished.compareAndSet(false, true)) {
                throw new CollabProtocolException(Reason.ALREADY_USED, "key generation already finished");
            }
            BigInteger share = d1;
            d1 = null;
            ECPoint p = CollabParameters.checkPoint(response.publicKey(), "P");
            ECPoint p2 = CollabParameters.checkPoint(response.p2(), "P2");
            ECPoint expected = p2.multiply(BigIntegers.modOddInverse(CollabParameters.N, share))
                    .subtract(CollabParameters.G).normalize();
            if (!expected.equals(p)) {
                throw new CollabProtocolException(Reason.PEER_KEY_MISMATCH, "P is not [1/d1]P2 - G");
            }
            return ClientShare.of(share, p);
        }
    }

    /** One signature on the device. */
    public static final class Signing {
        private final AtomicBoolean finished = new AtomicBoolean();
        private final ClientShare share;
        private final SessionId sessionId;
        private final SignerId id;
        private final byte[] message;
        private final SignRequest request;
        private BigInteger k1;

        private Signing(ClientShare share, SessionId sessionId, SignerId id, byte[] message, byte[] e, BigInteger k1) {
            this.share = share;
            this.sessionId = sessionId;
            this.id = id;
            this.message = message;
            this.k1 = k1;
            this.request = new SignRequest(sessionId, CollabParameters.multiplyG(k1), e);
        }

        /** The message to send: session id, Q1, e. */
        public SignRequest request() {
            return request;
        }

        /**
         * Completes s = (d1·k1)·s2 + d1·s3 − r mod n from the server's answer (r, s2, s3 ∈ [1, n−1], checked on
         * parsing; s2 = 0 would leak d1), verifies (r, s) with BouncyCastle's SM2Signer under the joint public key and
         * returns it. k1 is forgotten whatever happens. s ∈ {0, n − r} is {@link Reason#RETRY_WITH_FRESH_NONCE}.
         */
        public CollabSignature finish(SignResponse response) {
            if (!finished.compareAndSet(false, true)) {
                throw new CollabProtocolException(Reason.ALREADY_USED, "this signing round already finished");
            }
            BigInteger nonce = k1;
            k1 = null;
            if (!response.sessionId().equals(sessionId)) {
                throw new CollabProtocolException(Reason.SESSION_UNKNOWN_OR_USED,
                        "answer for session " + response.sessionId() + ", expected " + sessionId);
            }
            BigInteger n = CollabParameters.N;
            BigInteger r = CollabParameters.checkScalar(response.r(), "r");
            BigInteger s2 = CollabParameters.checkScalar(response.s2(), "s2");
            BigInteger s3 = CollabParameters.checkScalar(response.s3(), "s3");
            BigInteger d1 = share.d1();
            BigInteger s = d1.multiply(nonce).mod(n).multiply(s2).add(d1.multiply(s3)).subtract(r).mod(n);
            if (s.signum() == 0 || s.add(r).equals(n)) {
                throw new CollabProtocolException(Reason.RETRY_WITH_FRESH_NONCE,
                        "degenerate s; sign again with a new session");
            }
            CollabSignature signature = new CollabSignature(r, s);
            if (!Sm2.verify(share.publicKey(), id, message, signature.toPlain(), Sm2SignatureEncoding.PLAIN)) {
                throw new CollabProtocolException(Reason.SIGNATURE_INVALID,
                        "the joint signature does not verify under the public key");
            }
            return signature;
        }
    }
}
