package org.medsign.crypto.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.cert.Gmt0015;

/** Builds and signs certificates for the fixed profiles. Stateless. */
final class CertificateMinter {

    private CertificateMinter() {
    }

    static X509CertificateHolder mint(X500Name issuer, SubjectPublicKeyInfo issuerKey, BigInteger serial,
                                      X500Name subject, SubjectPublicKeyInfo subjectKey, Instant notBefore,
                                      Instant notAfter, CertificateProfile profile, CaSettings settings,
                                      String identityNumber, ContentSigner signer) {
        try {
            // BcX509ExtensionUtils holds a digest: one per call, never shared between threads
            BcX509ExtensionUtils extensions = new BcX509ExtensionUtils();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial,
                    Date.from(notBefore.truncatedTo(ChronoUnit.SECONDS)),
                    Date.from(notAfter.truncatedTo(ChronoUnit.SECONDS)), subject, subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(subjectKey));
            if (profile != CertificateProfile.ROOT_CA) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuerKey));
            }
            switch (profile) {
                case ROOT_CA -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case ISSUING_CA -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case SIGNING -> {
                    builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
                    addStatusPointers(builder, settings);
                    if (identityNumber != null && !identityNumber.isBlank()) {
                        builder.addExtension(Gmt0015.residentIdCardExtension(identityNumber));
                    }
                }
                case ORGANISATION_SIGNING -> {
                    builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
                    addStatusPointers(builder, settings);
                    builder.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(
                            new PolicyInformation(CertificateProfile.ORGANISATION_SEAL_POLICY)));
                }
                case TIME_STAMPING -> {
                    builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
                    builder.addExtension(Extension.extendedKeyUsage, true,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
                    addStatusPointers(builder, settings);
                }
            }
            return builder.build(signer);
        } catch (CertIOException e) {
            throw new CryptoOperationException("cannot build certificate", e);
        }
    }

    private static void addStatusPointers(X509v3CertificateBuilder builder, CaSettings settings) throws CertIOException {
        if (settings.crlUrl() != null) {
            GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                    settings.crlUrl()));
            builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(names), null, null)}));
        }
        if (settings.ocspUrl() != null) {
            builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                    new AccessDescription(AccessDescription.id_ad_ocsp,
                            new GeneralName(GeneralName.uniformResourceIdentifier, settings.ocspUrl()))));
        }
    }
}
