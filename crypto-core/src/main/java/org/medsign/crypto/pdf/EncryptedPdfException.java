package org.medsign.crypto.pdf;

import org.medsign.crypto.MedsignCryptoException;

/**
 * The PDF is encrypted (an {@code /Encrypt} dictionary, with or without a user password). Encrypted PDFs are refused
 * for signing and verification: the signed bytes would be ciphertext and the seal could not be placed reliably.
 */
public class EncryptedPdfException extends MedsignCryptoException {

    public EncryptedPdfException(String message) {
        super(message);
    }

    public EncryptedPdfException(String message, Throwable cause) {
        super(message, cause);
    }
}
