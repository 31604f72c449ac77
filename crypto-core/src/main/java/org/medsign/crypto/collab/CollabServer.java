package org.medsign.crypto.collab;

import java.math.BigInteger;
import java.security.SecureRandom;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.medsign.crypto.collab.CollabProtocolException.Reason;
import org.medsign.crypto.sm.SignerId;

/**
 * The hub's side of the two-party SM2 protocol (multiplicative shares, (1 + d)⁻¹ = d1·d2 mod n; docs/security.md):
 * stateless functions over the hub's share d2, plus single-use {@link ServerSigningSession}s that hold the nonces
 * k2, k3 of one signature. Nothing here can finish a signature: the server only ever answers the client's round.
 * Thread-safe.
 */
public final class CollabServer {

    /** Result of the server's key generation step: its share (to seal in the vault) and the answer to the client. */
    public record Keygen(ServerShare share, KeygenResponse response) {
    }

    private final SecureRandom random;

    /** A server drawing d2, k2, k3 and session ids from {@code random} (a CSPRNG). */
    public CollabServer(SecureRandom random) {
        this.random = random;
    }

    /**
     * Answers the client's P1 (checked on parsing): draws d2 ∈ [1, n−1], returns P = [d2⁻¹]P1 − G and P2 = [d2⁻¹]G.
     */
    public Keygen keygen(KeygenRequest request) {
        ECPoint p1 = CollabParameters.checkPoint(request.p1(), "P1");
        while (true) {
            BigInteger d2 = CollabParameters.randomScalar(random);
            BigInteger w = BigIntegers.modOddInverse(CollabParameters.N, d2);
            ECPoint publicKey = p1.multiply(w).subtract(CollabParameters.G).normalize();
            if (publicKey.isInfinity()) {
                continue; // d = 0 (d1·d2 ≡ 1): not a usable key; a fresh d2 gives another
            }
            ECPoint p2 = CollabParameters.multiplyG(w);
            return new Keygen(ServerShare.of(d2, publicKey), new KeygenResponse(publicKey, p2));
        }
    }

    /**
     * e = SM3(Z_A ‖ M) for the share's public key: what the hub computes from the document it was asked to sign, to
     * compare with the e a client sends.
     */
    public static byte[] digest(ServerShare share, SignerId id, byte[] message) {
        return CollabParameters.digest(share.publicKey().getQ(), id, message);
    }

    /**
     * Opens a single-use session to co-sign {@code message} (e is computed here, from the message, never taken from
     * the client) and draws its nonces k2, k3. Register it in {@link CollabSessions} to look it up by id.
     */
    public ServerSigningSession openSession(ServerShare share, SignerId id, byte[] message) {
        return openSessionForDigest(share, digest(share, id, message));
    }

    /** Like {@link #openSession} for an e the hub computed itself (for example over CMS signed attributes). */
    public ServerSigningSession openSessionForDigest(ServerShare share, byte[] e) {
        return new ServerSigningSession(SessionId.random(random), share, CollabParameters.checkDigest(e), random);
    }

    static CollabProtocolException sessionRefused(String message) {
        return new CollabProtocolException(Reason.SESSION_UNKNOWN_OR_USED, message);
    }
}
