package org.medsign.crypto.operator;

import java.io.OutputStream;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2PrivateKeySigner;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * SM3withSM2 {@link ContentSigner} over a pooled {@link Sm2PrivateKeySigner}, with an explicit signer ID (BC's
 * JCA builder cannot take one). Single use per signature: {@link #getOutputStream()} borrows an initialised signer
 * and {@link #getSignature()} returns it. Not shared between threads; create one per operation (cheap).
 */
public final class Sm2ContentSigner implements ContentSigner {

    /** SM3withSM2 without parameters, as GM/T 0015 and RFC 5652 profiles expect. */
    public static final AlgorithmIdentifier ALGORITHM = new AlgorithmIdentifier(Sm2.SM3_WITH_SM2_OID);

    private final Sm2PrivateKeySigner keySigner;
    private final SignerId signerId;
    private Sm2PrivateKeySigner.Lease lease;

    /** A content signer producing DER signatures with the given ID. */
    public Sm2ContentSigner(Sm2PrivateKeySigner keySigner, SignerId signerId) {
        this.keySigner = keySigner;
        this.signerId = signerId;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return ALGORITHM;
    }

    @Override
    public OutputStream getOutputStream() {
        if (lease != null) {
            lease.close();
        }
        lease = keySigner.lease(signerId, Sm2SignatureEncoding.DER);
        Sm2PrivateKeySigner.Lease current = lease;
        return new OutputStream() {
            @Override
            public void write(int b) {
                current.signer().update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                current.signer().update(b, off, len);
            }
        };
    }

    @Override
    public byte[] getSignature() {
        if (lease == null) {
            throw new IllegalStateException("getOutputStream() was not called");
        }
        try {
            return lease.sign();
        } finally {
            lease.close();
            lease = null;
        }
    }
}
