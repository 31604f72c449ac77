package org.medsign.crypto;

/** An algorithm, curve or key type the hub does not support (it speaks SM2/SM3/SM4, plus SHA-256 imprints). */
public class UnsupportedAlgorithmException extends MedsignCryptoException {

    public UnsupportedAlgorithmException(String message) {
        super(message);
    }
}
