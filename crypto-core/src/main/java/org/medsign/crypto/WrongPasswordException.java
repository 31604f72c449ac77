package org.medsign.crypto;

/** An encrypted key could not be decrypted with the password given. */
public class WrongPasswordException extends MedsignCryptoException {

    public WrongPasswordException(String message, Throwable cause) {
        super(message, cause);
    }
}
