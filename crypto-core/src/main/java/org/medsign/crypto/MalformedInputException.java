package org.medsign.crypto;

/** Input bytes (DER, PEM, request) that cannot be parsed as what the caller said they are. */
public class MalformedInputException extends MedsignCryptoException {

    public MalformedInputException(String message) {
        super(message);
    }

    public MalformedInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
