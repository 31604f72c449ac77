package org.medsign.crypto.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/** A certificate authority: issues, renews, revokes and publishes status (CRL, OCSP). */
public interface CertificateAuthority {

    /** The certificate that signs what this CA issues. */
    X509CertificateHolder issuingCertificate();

    /** Issuing certificate then its issuers up to the root. */
    List<X509CertificateHolder> chain();

    /** Issues a certificate as requested. */
    X509CertificateHolder issue(CertificateRequest request);

    /**
     * Re-key: a new certificate for a new key. Invariants: subject, profile and identity extension equal the old
     * certificate's; the serial is new; validity is as given (it may start before the old one ends, so there is no
     * gap). The old certificate stays valid until it expires or is revoked.
     */
    X509CertificateHolder rekey(BigInteger oldSerial, SubjectPublicKeyInfo newPublicKey, Instant notBefore,
                                Instant notAfter);

    /**
     * Re-certify (renewal in RFC 3647 terms): a new certificate for the same key and subject with a new serial and
     * validity, which may start before the old one ends.
     */
    X509CertificateHolder recertify(BigInteger oldSerial, Instant notBefore, Instant notAfter);

    /** Revokes (or, with certificateHold, suspends) a certificate this CA issued. */
    RevocationEntry revoke(BigInteger serial, RevocationReason reason);

    /** Releases a certificateHold; the certificate is good again. */
    void releaseHold(BigInteger serial);

    /** The status of a serial. */
    CertificateStatus status(BigInteger serial);

    /** A fresh full CRL with the next CRL number, thisUpdate now and nextUpdate per settings. */
    X509CRLHolder generateCrl();

    /** Answers a DER OCSP request with a DER OCSP response (malformed requests get malformedRequest). */
    byte[] respondOcsp(byte[] request);
}
