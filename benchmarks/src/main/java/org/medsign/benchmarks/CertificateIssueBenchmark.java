package org.medsign.benchmarks;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.ca.EmbeddedCertificateAuthority;
import org.medsign.crypto.sm.Sm2;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** End-entity certificate from the issuing CA: X509v3CertificateBuilder beside EmbeddedCertificateAuthority#issue. */
public class CertificateIssueBenchmark extends ThroughputBenchmark {

    private static final int SUBJECT_KEYS = 64;
    private static final Duration VALIDITY = Duration.ofDays(730);

    /** The PKI, pre-generated subject public keys (keygen is not measured) and the CA, shared by all threads. */
    @State(Scope.Benchmark)
    public static class Authority {
        BenchmarkPki pki;
        SubjectPublicKeyInfo[] subjectKeys;
        EmbeddedCertificateAuthority ca;

        @Setup
        public void setUp() {
            pki = new BenchmarkPki();
            subjectKeys = new SubjectPublicKeyInfo[SUBJECT_KEYS];
            SecureRandom random = BenchmarkPki.newRandom();
            for (int i = 0; i < SUBJECT_KEYS; i++) {
                subjectKeys[i] = Sm2.toSubjectPublicKeyInfo(Sm2.generateKeyPair(random).publicKey());
            }
        }

        /** A fresh in-memory store every iteration, so that iterations do not measure an ever larger map. */
        @Setup(Level.Iteration)
        public void freshStore() {
            ca = pki.newCertificateAuthority();
        }
    }

    private ReusedSm2ContentSigner contentSigner;
    private X500Name issuer;
    private SubjectPublicKeyInfo issuerKey;
    private final BcX509ExtensionUtils extensionUtils = new BcX509ExtensionUtils();
    private final SecureRandom serials = new SecureRandom();
    private long serial;
    private int next;

    @Setup
    public void setUp(Authority authority) {
        contentSigner = new ReusedSm2ContentSigner(
                BenchmarkPki.rawPrivateKeyOf(authority.pki.hierarchy().issuingKey()), BenchmarkPki.newRandom());
        issuer = authority.pki.hierarchy().issuing().getSubject();
        issuerKey = authority.pki.hierarchy().issuing().getSubjectPublicKeyInfo();
    }

    private SubjectPublicKeyInfo nextSubjectKey(Authority authority) {
        return authority.subjectKeys[next++ & (SUBJECT_KEYS - 1)];
    }

    /** Minimal certificate: counter serial, validity, names, key; no extensions. */
    @Benchmark
    public X509CertificateHolder rawBouncyCastle(Authority authority) {
        Instant now = Instant.now();
        return new X509v3CertificateBuilder(issuer, BigInteger.valueOf(++serial), Date.from(now),
                Date.from(now.plus(VALIDITY)), BenchmarkPki.DOCTOR, nextSubjectKey(authority)).build(contentSigner);
    }

    /** Reference: what the CA's signing profile writes (random 127-bit serial, SKI, AKI, BC, KU, CRL DP, AIA). */
    @Benchmark
    public X509CertificateHolder rawBouncyCastleSigningProfile(Authority authority) throws CertIOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SubjectPublicKeyInfo subjectKey = nextSubjectKey(authority);
        BigInteger randomSerial;
        do {
            randomSerial = new BigInteger(127, serials);
        } while (randomSerial.bitLength() <= 64);
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, randomSerial, Date.from(now),
                Date.from(now.plus(VALIDITY)), BenchmarkPki.DOCTOR, subjectKey);
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensionUtils.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensionUtils.createAuthorityKeyIdentifier(issuerKey));
        builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        GeneralNames crl = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                BenchmarkPki.SETTINGS.crlUrl()));
        builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(crl), null, null)}));
        builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                new AccessDescription(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, BenchmarkPki.SETTINGS.ocspUrl()))));
        return builder.build(contentSigner);
    }

    @Benchmark
    public X509CertificateHolder medsign(Authority authority) {
        return authority.ca.issue(CertificateRequest.builder().subject(BenchmarkPki.DOCTOR)
                .publicKey(nextSubjectKey(authority)).build());
    }
}
