package org.medsign.crypto.key;

import java.security.SecureRandom;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.operator.ContentSigner;
import org.medsign.crypto.operator.Sm2ContentSigner;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;
import org.medsign.crypto.sm.Sm2PrivateKeySigner;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/** An SM2 key held in process memory (loaded from an encrypted file or wrapped in the database). */
public final class SoftwareSigningKey implements SigningKeyRef {

    private static final SecureRandom RANDOM = org.medsign.crypto.sm.PerThreadRandom.INSTANCE;

    private final String alias;
    private final ECPrivateKeyParameters privateKey;
    private final ECPublicKeyParameters publicKey;
    private final SubjectPublicKeyInfo publicKeyInfo;
    private final Sm2PrivateKeySigner signer;

    private SoftwareSigningKey(String alias, ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey) {
        this.alias = alias;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.publicKeyInfo = Sm2.toSubjectPublicKeyInfo(publicKey);
        this.signer = new Sm2PrivateKeySigner(privateKey, RANDOM);
    }

    /** Wraps a key pair. */
    public static SoftwareSigningKey of(String alias, Sm2KeyPair keyPair) {
        return new SoftwareSigningKey(alias, keyPair.privateKey(), keyPair.publicKey());
    }

    /** Wraps a private key, deriving its public key. */
    public static SoftwareSigningKey of(String alias, ECPrivateKeyParameters privateKey) {
        return new SoftwareSigningKey(alias, privateKey, Sm2.publicKeyOf(privateKey));
    }

    /** Generates a fresh key. */
    public static SoftwareSigningKey generate(String alias) {
        return of(alias, Sm2.generateKeyPair(RANDOM));
    }

    @Override
    public String alias() {
        return alias;
    }

    @Override
    public ECPublicKeyParameters publicKey() {
        return publicKey;
    }

    @Override
    public SubjectPublicKeyInfo publicKeyInfo() {
        return publicKeyInfo;
    }

    @Override
    public byte[] sign(byte[] data, SignerId id, Sm2SignatureEncoding encoding) {
        return signer.sign(data, 0, data.length, id, encoding);
    }

    @Override
    public ContentSigner contentSigner(SignerId id) {
        return new Sm2ContentSigner(signer, id);
    }

    /** The PKCS#8 encoding, for export under encryption ({@link KeyFiles}) only. */
    public PrivateKeyInfo exportPrivateKeyInfo() {
        return Sm2.toPrivateKeyInfo(privateKey);
    }

    @Override
    public String toString() {
        return "SoftwareSigningKey[" + alias + ", public=" + Sm2.fingerprint(publicKey) + "]";
    }
}
