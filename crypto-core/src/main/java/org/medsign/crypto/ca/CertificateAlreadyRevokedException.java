package org.medsign.crypto.ca;

import java.math.BigInteger;

/** The certificate is already revoked (not merely on hold). */
public class CertificateAlreadyRevokedException extends CertificateAuthorityException {

    public CertificateAlreadyRevokedException(BigInteger serial, RevocationReason reason) {
        super("certificate " + serial.toString(16) + " is already revoked (" + reason.rfcName() + ")");
    }
}
