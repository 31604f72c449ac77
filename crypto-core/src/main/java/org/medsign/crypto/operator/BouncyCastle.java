package org.medsign.crypto.operator;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The BouncyCastle JCE provider instance crypto-core uses, without registering it globally. */
public final class BouncyCastle {

    /** Shared provider instance (stateless for our purposes). */
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
