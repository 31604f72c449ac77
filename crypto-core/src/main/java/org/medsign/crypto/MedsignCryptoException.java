package org.medsign.crypto;

/**
 * Base of every exception crypto-core throws. Callers branch on the subclass, never on the message.
 * Messages never contain key material, passwords or personal identity numbers.
 */
public class MedsignCryptoException extends RuntimeException {

    public MedsignCryptoException(String message) {
        super(message);
    }

    public MedsignCryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
