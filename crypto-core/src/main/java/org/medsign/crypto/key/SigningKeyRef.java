package org.medsign.crypto.key;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.operator.ContentSigner;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * A handle on an SM2 private key that can sign but never hands the key out. Software keys
 * ({@link SoftwareSigningKey}) are one implementation; an HSM (PKCS#11 or GM/T 0018 SDF) is another.
 * Implementations are thread-safe.
 */
public interface SigningKeyRef {

    /** A stable name for logs and audit (never secret). */
    String alias();

    /** The public key. */
    ECPublicKeyParameters publicKey();

    /** The public key as X.509 SubjectPublicKeyInfo. */
    SubjectPublicKeyInfo publicKeyInfo();

    /** Raw SM2 signature over {@code data} (the implementation computes Z_A with {@code id} and e = SM3(Z_A ‖ data)). */
    byte[] sign(byte[] data, SignerId id, Sm2SignatureEncoding encoding);

    /** A single-use SM3withSM2 content signer (DER signatures) for certificates, CRLs, CMS, OCSP and timestamps. */
    ContentSigner contentSigner(SignerId id);

    /** A content signer with the GM/T 0009 default ID. */
    default ContentSigner contentSigner() {
        return contentSigner(SignerId.DEFAULT);
    }
}
