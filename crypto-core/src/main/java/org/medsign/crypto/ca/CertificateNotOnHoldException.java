package org.medsign.crypto.ca;

import java.math.BigInteger;

/** A release was asked for a certificate that is not on hold. */
public class CertificateNotOnHoldException extends CertificateAuthorityException {

    public CertificateNotOnHoldException(BigInteger serial) {
        super("certificate " + serial.toString(16) + " is not on hold");
    }
}
