package org.medsign.crypto;

/** A cryptographic primitive failed for a reason other than bad input (a bug or an unusable key). */
public class CryptoOperationException extends MedsignCryptoException {

    public CryptoOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
