package org.medsign.crypto.collab;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;
import org.medsign.crypto.collab.CollabProtocolException.Reason;

/**
 * One co-signature on the hub's side: the e it agreed to sign and fresh nonces k2, k3. Answers exactly once; a
 * second call, whatever its content, is refused with {@link Reason#SESSION_UNKNOWN_OR_USED}, so nonces are never
 * reused. Thread-safe.
 */
public final class ServerSigningSession {

    private final SessionId id;
    private final ServerShare share;
    private final byte[] e;
    private final SecureRandom random;
    private final AtomicBoolean used = new AtomicBoolean();
    private BigInteger k2;
    private BigInteger k3;

    ServerSigningSession(SessionId id, ServerShare share, byte[] e, SecureRandom random) {
        this.id = id;
        this.share = share;
        this.e = e;
        this.random = random;
        this.k2 = CollabParameters.randomScalar(random);
        this.k3 = CollabParameters.randomScalar(random);
    }

    /** The session id the client must quote. */
    public SessionId id() {
        return id;
    }

    /** The e this session will co-sign (a copy). */
    public byte[] digest() {
        return e.clone();
    }

    /** The joint public key of the share. */
    public ServerShare share() {
        return share;
    }

    /** Whether this session has answered (or refused) its one request. */
    public boolean used() {
        return used.get();
    }

    /**
     * Checks the request (this session's id, e equal to the session's, Q1 on the curve and not infinity — the last
     * two already enforced by {@link SignRequest}) and answers r = (e + x1) mod n with (x1, y1) = [k3]Q1 + [k2]G,
     * s2 = d2·k3, s3 = d2·(r + k2). The session is spent by this call whatever its outcome.
     */
    public SignResponse respond(SignRequest request) {
        if (!used.compareAndSet(false, true)) {
            throw CollabServer.sessionRefused("session " + id + " has already been used");
        }
        BigInteger a = k2;
        BigInteger b = k3;
        k2 = null;
        k3 = null;
        if (!request.sessionId().equals(id)) {
            throw CollabServer.sessionRefused("request for session " + request.sessionId() + " sent to " + id);
        }
        if (!MessageDigest.isEqual(request.e(), e)) {
            throw new CollabProtocolException(Reason.DIGEST_MISMATCH,
                    "e differs from SM3(Z_A || M) of the message this session signs");
        }
        ECPoint q1 = CollabParameters.checkPoint(request.q1(), "Q1");
        BigInteger n = CollabParameters.N;
        BigInteger eValue = new BigInteger(1, e);
        while (true) {
            ECPoint kG = ECAlgorithms.sumOfTwoMultiplies(q1, b, CollabParameters.G, a).normalize();
            if (!kG.isInfinity()) {
                BigInteger r = eValue.add(kG.getAffineXCoord().toBigInteger()).mod(n);
                BigInteger s3 = share.d2().multiply(r.add(a)).mod(n);
                if (r.signum() != 0 && s3.signum() != 0) {
                    BigInteger s2 = share.d2().multiply(b).mod(n); // never 0: d2, k3 ∈ [1, n−1], n prime
                    return new SignResponse(id, r, s2, s3);
                }
            }
            // r = 0 or r + k2 ≡ 0 (probability ~2^-256): fresh nonces, never reused ones
            a = CollabParameters.randomScalar(random);
            b = CollabParameters.randomScalar(random);
        }
    }

    @Override
    public String toString() {
        return "ServerSigningSession[" + id + (used.get() ? ", used" : "") + "]";
    }
}
