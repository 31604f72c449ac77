package org.medsign.crypto.ca;

import org.medsign.crypto.MedsignCryptoException;

/** A certificate-authority operation that was refused. */
public class CertificateAuthorityException extends MedsignCryptoException {

    public CertificateAuthorityException(String message) {
        super(message);
    }

    public CertificateAuthorityException(String message, Throwable cause) {
        super(message, cause);
    }
}
