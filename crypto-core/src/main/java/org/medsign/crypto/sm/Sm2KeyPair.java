package org.medsign.crypto.sm;

import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/** An SM2 key pair in BouncyCastle's lightweight form. {@link #toString()} never shows the private key. */
public record Sm2KeyPair(ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey) {

    @Override
    public String toString() {
        return "Sm2KeyPair[public=" + Sm2.fingerprint(publicKey) + "]";
    }
}
