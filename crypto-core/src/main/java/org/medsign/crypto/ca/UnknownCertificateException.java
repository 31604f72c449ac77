package org.medsign.crypto.ca;

import java.math.BigInteger;

/** The serial number was not issued by this CA. */
public class UnknownCertificateException extends CertificateAuthorityException {

    public UnknownCertificateException(BigInteger serial) {
        super("certificate " + serial.toString(16) + " was not issued by this CA");
    }
}
