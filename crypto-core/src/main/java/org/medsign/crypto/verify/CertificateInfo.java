package org.medsign.crypto.verify;

import java.time.Instant;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.DistinguishedNames;

/** Who a certificate names, for reports. */
public record CertificateInfo(String subject, String issuer, String serialHex, Instant notBefore, Instant notAfter) {

    /** Summary of a certificate. */
    public static CertificateInfo of(X509CertificateHolder certificate) {
        return new CertificateInfo(DistinguishedNames.toText(certificate.getSubject()),
                DistinguishedNames.toText(certificate.getIssuer()), SerialNumbers.hex(certificate.getSerialNumber()),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
    }
}
