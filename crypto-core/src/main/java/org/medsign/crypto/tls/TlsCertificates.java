package org.medsign.crypto.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.ca.SerialNumbers;

/**
 * Certificates for transport security (HTTPS, MLLP over TLS): ECDSA P-256 keys signed with SHA-256, because the TLS
 * stacks that hospital systems, browsers and OpenSSL 3.0 use cannot check SM2 signatures made with the GM/T 0009
 * default ID (they verify certificate chains with an empty ID). Signatures on documents stay SM2; this is the
 * channel only. Keys come from the JDK's own provider so that JSSE (Tomcat, camel-mllp) uses them unchanged.
 */
public final class TlsCertificates {

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    /** What a TLS leaf certificate is for. */
    public enum Purpose {
        /** A TLS server (HTTPS, an MLLP listener). */
        SERVER(KeyPurposeId.id_kp_serverAuth),
        /** A TLS client (a hospital system connecting to an MLLP listener with mutual TLS). */
        CLIENT(KeyPurposeId.id_kp_clientAuth);

        private final KeyPurposeId keyPurpose;

        Purpose(KeyPurposeId keyPurpose) {
            this.keyPurpose = keyPurpose;
        }
    }

    private TlsCertificates() {
    }

    /** A fresh ECDSA key pair on P-256 (secp256r1). */
    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CryptoOperationException("cannot generate a P-256 key pair", e);
        }
    }

    /** A self-signed TLS certification authority (path length 0: it issues leaf certificates only). */
    public static X509CertificateHolder selfSignedCa(KeyPair key, X500Name subject, Instant notBefore,
                                                     Instant notAfter) {
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
        X509v3CertificateBuilder builder = builder(subject, subject, publicKey, notBefore, notAfter);
        try {
            BcX509ExtensionUtils extensions = new BcX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(publicKey));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (CertIOException e) {
            throw new CryptoOperationException("cannot encode a TLS CA extension", e);
        }
        return sign(builder, key.getPrivate());
    }

    /**
     * The same TLS CA (subject and key) certified by another authority, e.g. the hub's SM2 root, so that a validator
     * that checks SM2 finds a path from a TLS server to that root; clients that cannot check SM2 trust the
     * self-signed form instead. Path length 0, as in the self-signed form.
     */
    public static X509CertificateHolder crossCertify(X509CertificateHolder tlsCa, X509CertificateHolder issuer,
                                                     org.bouncycastle.operator.ContentSigner issuerSigner,
                                                     Instant notBefore, Instant notAfter) {
        X509v3CertificateBuilder builder = builder(issuer.getSubject(), tlsCa.getSubject(),
                tlsCa.getSubjectPublicKeyInfo(), notBefore, notAfter);
        try {
            BcX509ExtensionUtils extensions = new BcX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(tlsCa.getSubjectPublicKeyInfo()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuer.getSubjectPublicKeyInfo()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (CertIOException e) {
            throw new CryptoOperationException("cannot encode a TLS CA extension", e);
        }
        return builder.build(issuerSigner);
    }

    /**
     * A leaf certificate for {@code subjectKey} signed by the TLS CA; {@code names} become the subject alternative
     * names (DNS names, or IP addresses when they parse as one).
     */
    public static X509CertificateHolder issue(KeyPair caKey, X509CertificateHolder ca, PublicKey subjectKey,
                                              X500Name subject, List<String> names, Purpose purpose,
                                              Instant notBefore, Instant notAfter) {
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded());
        X509v3CertificateBuilder builder = builder(ca.getSubject(), subject, publicKey, notBefore, notAfter);
        try {
            BcX509ExtensionUtils extensions = new BcX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(publicKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(ca.getSubjectPublicKeyInfo()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose.keyPurpose));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        names.stream().map(TlsCertificates::generalName).toArray(GeneralName[]::new)));
            }
        } catch (CertIOException e) {
            throw new CryptoOperationException("cannot encode a TLS certificate extension", e);
        }
        return sign(builder, caKey.getPrivate());
    }

    /**
     * The public key of a PKCS#10 request (PEM or DER) after checking it: the request's own signature (proof that
     * the requester holds the key), and a key a TLS stack accepts (EC on P-256/P-384 or RSA of at least 2048 bits).
     * The request's subject and extensions are ignored: the CA decides what the certificate says.
     */
    public static PublicKey requestedKey(byte[] request) {
        org.bouncycastle.pkcs.PKCS10CertificationRequest csr;
        try {
            String text = new String(request, java.nio.charset.StandardCharsets.US_ASCII);
            byte[] der = text.contains("-----BEGIN CERTIFICATE REQUEST-----") ? java.util.Base64.getMimeDecoder()
                    .decode(text.substring(text.indexOf("-----BEGIN CERTIFICATE REQUEST-----") + 35,
                            text.indexOf("-----END CERTIFICATE REQUEST-----"))) : request;
            csr = new org.bouncycastle.pkcs.PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new MalformedInputException("not a PKCS#10 certificate request");
        }
        PublicKey key;
        try {
            var jca = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(csr);
            key = jca.getPublicKey();
            if (!csr.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                    .build(key))) {
                throw new MalformedInputException("the certificate request's signature does not verify");
            }
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.pkcs.PKCSException e) {
            throw new MalformedInputException("the certificate request's key or signature is not usable");
        }
        if (key instanceof java.security.interfaces.ECPublicKey) {
            var curve = csr.getSubjectPublicKeyInfo().getAlgorithm().getParameters();
            if (!org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1.equals(curve)
                    && !org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp384r1.equals(curve)) {
                throw new MalformedInputException("EC keys for TLS must be on P-256 or P-384");
            }
        } else if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new MalformedInputException("RSA keys for TLS need at least 2048 bits");
            }
        } else {
            throw new MalformedInputException("TLS keys must be EC (P-256, P-384) or RSA");
        }
        return key;
    }

    /** The key pair from its PKCS#8 private key and X.509 public key encodings (as {@link KeyPair#getPrivate()} gives). */
    public static KeyPair keyPair(byte[] pkcs8, byte[] publicKeyInfo) {
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(publicKeyInfo));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new MalformedInputException("not an EC key pair");
        }
    }

    private static GeneralName generalName(String name) {
        boolean ip = name.matches("[0-9.]+") || name.contains(":");
        return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, SubjectPublicKeyInfo key,
                                                    Instant notBefore, Instant notAfter) {
        BigInteger serial = SerialNumbers.random();
        return new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore.truncatedTo(ChronoUnit.SECONDS)),
                Date.from(notAfter.truncatedTo(ChronoUnit.SECONDS)), subject, key);
    }

    private static X509CertificateHolder sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            return builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key));
        } catch (OperatorCreationException e) {
            throw new CryptoOperationException("cannot sign a TLS certificate", e);
        }
    }
}
