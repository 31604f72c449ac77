package org.medsign.crypto.ca;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.key.SoftwareSigningKey;

/**
 * A fresh CA hierarchy: a self-signed root, an issuing CA under it, and a TSA certificate issued by the issuing CA.
 * The root's subject is the DN given; the others take its attributes with the CN suffixed "Issuing CA" / "TSA".
 *
 * @param root       root certificate
 * @param rootKey    root key (keep offline in production)
 * @param issuing    issuing CA certificate
 * @param issuingKey issuing CA key
 * @param tsa        time-stamping certificate (extended key usage timeStamping, critical)
 * @param tsaKey     TSA key
 */
public record CaHierarchy(X509CertificateHolder root, SoftwareSigningKey rootKey, X509CertificateHolder issuing,
                          SoftwareSigningKey issuingKey, X509CertificateHolder tsa, SoftwareSigningKey tsaKey) {

    /** Validity of the root. */
    public static final Duration ROOT_VALIDITY = Duration.ofDays(20 * 365);
    /** Validity of the issuing CA. */
    public static final Duration ISSUING_VALIDITY = Duration.ofDays(10 * 365);
    /** Validity of the TSA certificate. */
    public static final Duration TSA_VALIDITY = Duration.ofDays(5 * 365);

    /** Creates the three keys and certificates. */
    public static CaHierarchy create(X500Name rootSubject, CaSettings settings, Clock clock) {
        Instant now = clock.instant();
        String baseName = DistinguishedNames.commonName(rootSubject);
        if (baseName == null) {
            baseName = "MedSign";
            rootSubject = DistinguishedNames.withCommonName(rootSubject, baseName + " Root CA");
        }
        SoftwareSigningKey rootKey = SoftwareSigningKey.generate("root");
        X509CertificateHolder root = CertificateMinter.mint(rootSubject, rootKey.publicKeyInfo(),
                SerialNumbers.random(), rootSubject, rootKey.publicKeyInfo(), now, now.plus(ROOT_VALIDITY),
                CertificateProfile.ROOT_CA, settings, null, rootKey.contentSigner());

        SoftwareSigningKey issuingKey = SoftwareSigningKey.generate("issuing");
        X500Name issuingSubject = DistinguishedNames.withCommonName(rootSubject, baseName + " Issuing CA");
        X509CertificateHolder issuing = CertificateMinter.mint(rootSubject, rootKey.publicKeyInfo(),
                SerialNumbers.random(), issuingSubject, issuingKey.publicKeyInfo(), now, now.plus(ISSUING_VALIDITY),
                CertificateProfile.ISSUING_CA, settings, null, rootKey.contentSigner());

        SoftwareSigningKey tsaKey = SoftwareSigningKey.generate("tsa");
        X500Name tsaSubject = DistinguishedNames.withCommonName(rootSubject, baseName + " TSA");
        X509CertificateHolder tsa = CertificateMinter.mint(issuingSubject, issuingKey.publicKeyInfo(),
                SerialNumbers.random(), tsaSubject, tsaKey.publicKeyInfo(), now, now.plus(TSA_VALIDITY),
                CertificateProfile.TIME_STAMPING, settings, null, issuingKey.contentSigner());
        return new CaHierarchy(root, rootKey, issuing, issuingKey, tsa, tsaKey);
    }

    /** TSA certificate chain: TSA, issuing, root. */
    public List<X509CertificateHolder> tsaChain() {
        return List.of(tsa, issuing, root);
    }

    @Override
    public String toString() {
        return "CaHierarchy[root=" + root.getSubject() + "]";
    }
}
