package org.medsign.crypto.sm;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.medsign.crypto.CryptoOperationException;

/**
 * Thread-safe SM2 signing with one private key. BouncyCastle's {@code SM2Signer.init} recomputes the public key
 * (a scalar multiplication) and Z_A on every initialisation, which costs 4× a signature; this class keeps a pool of
 * initialised signers per (signer ID, encoding) and reuses them. A signer resets itself to "Z_A absorbed" after each
 * signature, so reuse is exact.
 */
public final class Sm2PrivateKeySigner {

    private record PoolKey(SignerId id, Sm2SignatureEncoding encoding) {
    }

    private final ECPrivateKeyParameters privateKey;
    private final SecureRandom random;
    private final Map<PoolKey, Queue<SM2Signer>> pools = new ConcurrentHashMap<>();

    /** A signer for the key; {@code random} supplies the per-signature nonce k. */
    public Sm2PrivateKeySigner(ECPrivateKeyParameters privateKey, SecureRandom random) {
        this.privateKey = privateKey;
        this.random = random;
    }

    /** Signs {@code data} (e = SM3(Z_A ‖ data)). */
    public byte[] sign(byte[] data, int offset, int length, SignerId id, Sm2SignatureEncoding encoding) {
        Lease lease = lease(id, encoding);
        try {
            lease.signer().update(data, offset, length);
            return lease.sign();
        } finally {
            lease.close();
        }
    }

    /** Borrows an initialised signer; feed it with {@code signer().update} and call {@link Lease#sign()} once. */
    public Lease lease(SignerId id, Sm2SignatureEncoding encoding) {
        PoolKey key = new PoolKey(id, encoding);
        Queue<SM2Signer> pool = pools.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
        SM2Signer signer = pool.poll();
        if (signer == null) {
            signer = Sm2.newSigner(encoding);
            signer.init(true, new ParametersWithID(new ParametersWithRandom(privateKey, random), id.rawBytes()));
        }
        return new Lease(signer, pool);
    }

    /** A borrowed signer; closing returns it to the pool after resetting it. */
    public static final class Lease implements AutoCloseable {
        private final SM2Signer signer;
        private final Queue<SM2Signer> pool;
        private boolean returned;

        private Lease(SM2Signer signer, Queue<SM2Signer> pool) {
            this.signer = signer;
            this.pool = pool;
        }

        /** The borrowed BouncyCastle signer (initialised for signing). */
        public SM2Signer signer() {
            return signer;
        }

        /** Produces the signature over what was fed so far. */
        public byte[] sign() {
            try {
                return signer.generateSignature();
            } catch (CryptoException e) {
                throw new CryptoOperationException("SM2 signature failed", e);
            }
        }

        @Override
        public void close() {
            if (!returned) {
                returned = true;
                signer.reset();
                pool.offer(signer);
            }
        }
    }
}
