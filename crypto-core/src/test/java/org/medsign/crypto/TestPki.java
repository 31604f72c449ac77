package org.medsign.crypto;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.ca.CaHierarchy;
import org.medsign.crypto.ca.CaSettings;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.ca.EmbeddedCertificateAuthority;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.key.SoftwareSigningKey;
import org.medsign.crypto.tsp.EmbeddedTimestampAuthority;

/** An in-memory PKI for tests: root, issuing CA, TSA; no key ever touches the disk or the repository. */
public final class TestPki {

    /** A staff member's key and certificate. */
    public record Holder(SoftwareSigningKey key, X509CertificateHolder certificate) {
    }

    public final CaHierarchy hierarchy;
    public final EmbeddedCertificateAuthority ca;
    public final EmbeddedTimestampAuthority tsa;
    public final Clock clock;

    public TestPki() {
        this(Clock.systemUTC());
    }

    public TestPki(Clock clock) {
        this.clock = clock;
        this.hierarchy = CaHierarchy.create(DistinguishedNames.parse("CN=Test Hospital CA,O=Test Hospital,C=CN"),
                CaSettings.defaults().withUrls("http://localhost/crl", "http://localhost/ocsp"), clock);
        this.ca = EmbeddedCertificateAuthority.builder().issuingKey(hierarchy.issuingKey())
                .issuingCertificate(hierarchy.issuing()).issuers(List.of(hierarchy.root()))
                .settings(CaSettings.defaults().withUrls("http://localhost/crl", "http://localhost/ocsp"))
                .clock(clock).build();
        ca.store().saveIssued(hierarchy.tsa());
        this.tsa = EmbeddedTimestampAuthority.builder().key(hierarchy.tsaKey()).certificate(hierarchy.tsa())
                .issuers(List.of(hierarchy.issuing(), hierarchy.root())).clock(clock).build();
    }

    /** Issues a signing certificate for a new key, valid from now for the CA's default period. */
    public Holder issue(String dn) {
        return issue(dn, null, null);
    }

    /** Issues a signing certificate with explicit validity. */
    public Holder issue(String dn, Instant notBefore, Instant notAfter) {
        SoftwareSigningKey key = SoftwareSigningKey.generate(dn);
        X500Name subject = DistinguishedNames.parse(dn);
        X509CertificateHolder certificate = ca.issue(CertificateRequest.builder().subject(subject)
                .publicKey(key.publicKeyInfo()).validity(notBefore, notAfter).build());
        return new Holder(key, certificate);
    }

    public X509CertificateHolder root() {
        return hierarchy.root();
    }

    public X509CertificateHolder issuing() {
        return hierarchy.issuing();
    }

    /** Issuing CA then root: the chain a signer includes. */
    public List<X509CertificateHolder> chain() {
        return List.of(hierarchy.issuing(), hierarchy.root());
    }
}
