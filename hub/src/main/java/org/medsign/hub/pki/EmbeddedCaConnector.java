package org.medsign.hub.pki;

import java.time.Instant;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.ca.CertificateProfile;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.ca.RevocationReason;
import org.springframework.stereotype.Component;

/**
 * The hub's own issuing CA as a {@link CaConnector}. Issued certificates go to {@code ca_certificate} in the caller's
 * transaction, so a rolled-back lifecycle step leaves no certificate behind; {@code requestId} is not needed.
 */
@Component
public class EmbeddedCaConnector implements CaConnector {

    private final HubPki pki;

    public EmbeddedCaConnector(HubPki pki) {
        this.pki = pki;
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public boolean joinsTransaction() {
        return true;
    }

    @Override
    public X509CertificateHolder issue(String requestId, X500Name subject, SubjectPublicKeyInfo publicKey,
                                       Instant notBefore, Instant notAfter, CertificateProfile profile) {
        return pki.authority().issue(CertificateRequest.builder().subject(subject).publicKey(publicKey)
                .profile(profile).validity(notBefore, notAfter).build());
    }

    @Override
    public X509CertificateHolder rekey(String requestId, X509CertificateHolder old, SubjectPublicKeyInfo newPublicKey,
                                       Instant notBefore, Instant notAfter) {
        return pki.authority().rekey(old.getSerialNumber(), newPublicKey, notBefore, notAfter);
    }

    @Override
    public X509CertificateHolder recertify(String requestId, X509CertificateHolder old, Instant notBefore,
                                           Instant notAfter) {
        return pki.authority().recertify(old.getSerialNumber(), notBefore, notAfter);
    }

    @Override
    public void revoke(String requestId, X509CertificateHolder certificate, RevocationReason reason) {
        pki.authority().revoke(certificate.getSerialNumber(), reason);
    }

    @Override
    public boolean issued(X509CertificateHolder certificate) {
        return certificate.getIssuer().equals(pki.issuing().getSubject())
                && pki.authority().store().isIssued(certificate.getSerialNumber());
    }
}
