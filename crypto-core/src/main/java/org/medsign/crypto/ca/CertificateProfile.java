package org.medsign.crypto.ca;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;

/** The kinds of certificate the embedded CA issues, each with a fixed set of extensions. */
public enum CertificateProfile {
    /** Self-signed root: CA, keyCertSign + cRLSign. */
    ROOT_CA,
    /** Issuing (subordinate) CA: CA with path length 0, keyCertSign + cRLSign. */
    ISSUING_CA,
    /** GM/T 0015 personal signing certificate: digitalSignature + nonRepudiation, CRL DP, OCSP URL. */
    SIGNING,
    /** RFC 3161 TSA: digitalSignature + nonRepudiation, extended key usage timeStamping (critical). */
    TIME_STAMPING,
    /**
     * Organisation (机构) signing certificate held by the hub for department, hospital and special-purpose seals: the
     * extensions of {@link #SIGNING} (never the personal identity extension) plus the certificate policy
     * {@link #ORGANISATION_SEAL_POLICY}, which tells it apart from a personal certificate.
     */
    ORGANISATION_SIGNING;

    /**
     * Certificate policy of organisation seal certificates, under the project's private UUID arc
     * ({@code 2.25.14544688885188277567187530668926569061}; {@code .1} TSA policy, {@code .2} CMS attributes,
     * {@code .3} certificate policies). 2.25 needs no registration; a hospital with its own arc may re-issue under it.
     */
    public static final ASN1ObjectIdentifier ORGANISATION_SEAL_POLICY =
            new ASN1ObjectIdentifier("2.25.14544688885188277567187530668926569061.3.1");

    /**
     * The profile an end-entity certificate of the embedded CA was issued with, read back from its extensions (what
     * re-key and re-certify keep): the organisation policy, then extended key usage timeStamping, else signing.
     */
    public static CertificateProfile of(X509CertificateHolder certificate) {
        Extension policies = certificate.getExtension(Extension.certificatePolicies);
        if (policies != null && CertificatePolicies.getInstance(policies.getParsedValue())
                .getPolicyInformation(ORGANISATION_SEAL_POLICY) != null) {
            return ORGANISATION_SIGNING;
        }
        return certificate.getExtension(Extension.extendedKeyUsage) != null ? TIME_STAMPING : SIGNING;
    }
}
