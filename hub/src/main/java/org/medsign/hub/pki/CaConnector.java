package org.medsign.hub.pki;

import java.time.Instant;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.ca.CertificateProfile;

/**
 * Where the lifecycle module gets staff certificates from: the embedded CA today ({@link EmbeddedCaConnector}), an
 * external CA over CMP (RFC 4210/9810) later. The verbs map one to one onto CMP messages: {@link #issue} is a
 * certification request (cr), {@link #rekey} a key update request (kur), {@link #recertify} a cr for the old key.
 *
 * <p>Idempotency: every call carries a {@code requestId} that is stable across retries of the same lifecycle step
 * (a campaign item, a reissue). A connector whose issuance does not join the hub's database transaction
 * ({@link #joinsTransaction()} false, e.g. CMP) must use it as the CMP transactionID and answer a retried request with
 * the certificate it already issued, so that a crash between "CA issued" and "ledger committed" never yields a second
 * certificate. The embedded connector writes to the hub database in the caller's transaction, so a rollback undoes
 * the issuance itself.
 */
public interface CaConnector {

    /** A short name for logs and reports, e.g. {@code embedded} or {@code cmp:https://ca.example/cmp}. */
    String name();

    /** Whether issuance is part of the caller's database transaction (rolled back with it). */
    boolean joinsTransaction();

    /** A new personal signing certificate ({@link CertificateProfile#SIGNING}) for a subject and key (CMP cr). */
    default X509CertificateHolder issue(String requestId, X500Name subject, SubjectPublicKeyInfo publicKey,
                                        Instant notBefore, Instant notAfter) {
        return issue(requestId, subject, publicKey, notBefore, notAfter, CertificateProfile.SIGNING);
    }

    /**
     * A new certificate with a given end-entity profile (CMP cr; an external CA maps the profile to its certificate
     * profile name, RFC 9483 id-it-certProfile).
     */
    X509CertificateHolder issue(String requestId, X500Name subject, SubjectPublicKeyInfo publicKey, Instant notBefore,
                                Instant notAfter, CertificateProfile profile);

    /**
     * Re-key (CMP kur): a new certificate with the old one's subject and profile for a new key. The validity may start
     * before the old one ends (no gap); the old certificate stays valid until it expires or is revoked.
     */
    X509CertificateHolder rekey(String requestId, X509CertificateHolder old, SubjectPublicKeyInfo newPublicKey,
                                Instant notBefore, Instant notAfter);

    /** Re-certify: a new certificate for the old key and subject, with a new serial and validity. */
    X509CertificateHolder recertify(String requestId, X509CertificateHolder old, Instant notBefore, Instant notAfter);

    /** Revokes a certificate this CA issued (CMP rr). */
    void revoke(String requestId, X509CertificateHolder certificate, org.medsign.crypto.ca.RevocationReason reason);

    /** Whether this CA issued {@code certificate} (else rekey/recertify cannot be asked for it; use issue). */
    boolean issued(X509CertificateHolder certificate);
}
