package org.medsign.benchmarks;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Random;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.medsign.crypto.ca.CaHierarchy;
import org.medsign.crypto.ca.CaSettings;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.ca.EmbeddedCertificateAuthority;
import org.medsign.crypto.ca.InMemoryCertificateStore;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.key.SoftwareSigningKey;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.tsp.EmbeddedTimestampAuthority;

/**
 * An in-memory PKI for the benchmarks (root, issuing CA, TSA, one doctor), set up the way crypto-core's TestPki
 * does; nothing is written to disk. The raw BouncyCastle benchmarks sign with the very same keys.
 */
public final class BenchmarkPki {

    /** Settings of the benchmark CA: status pointers as a deployed hub writes them. */
    public static final CaSettings SETTINGS = CaSettings.defaults()
            .withUrls("http://localhost/crl", "http://localhost/ocsp");
    /** Subject of the end-entity certificates issued in the benchmarks. */
    public static final X500Name DOCTOR = DistinguishedNames.parse("CN=Zhang Wei,OU=Cardiology,O=Bench Hospital,C=CN");

    /**
     * sm2p256v1 as BouncyCastle's own SM2 code uses it: {@code CustomNamedCurves} gives the curve class with
     * dedicated field arithmetic ({@code SM2P256V1Curve}); {@code GMNamedCurves} gives a generic {@code ECCurve.Fp}.
     * The raw baselines use this one, since it is the fastest BouncyCastle offers.
     */
    public static final ECNamedDomainParameters BC_DOMAIN = new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1,
            CustomNamedCurves.getByOID(GMObjectIdentifiers.sm2p256v1));

    private final CaHierarchy hierarchy;
    private final SoftwareSigningKey doctorKey;
    private final X509CertificateHolder doctorCertificate;
    private final EmbeddedTimestampAuthority tsa;

    /** Creates the hierarchy, a TSA and one end-entity key with its certificate. */
    public BenchmarkPki() {
        Clock clock = Clock.systemUTC();
        hierarchy = CaHierarchy.create(DistinguishedNames.parse("CN=Bench Hospital CA,O=Bench Hospital,C=CN"),
                SETTINGS, clock);
        EmbeddedCertificateAuthority ca = newCertificateAuthority();
        doctorKey = SoftwareSigningKey.generate("doctor");
        doctorCertificate = ca.issue(CertificateRequest.builder().subject(DOCTOR)
                .publicKey(doctorKey.publicKeyInfo()).build());
        tsa = EmbeddedTimestampAuthority.builder().key(hierarchy.tsaKey()).certificate(hierarchy.tsa())
                .issuers(List.of(hierarchy.issuing(), hierarchy.root())).clock(clock).build();
    }

    /** A CA over the issuing key with an empty in-memory store. */
    public EmbeddedCertificateAuthority newCertificateAuthority() {
        return EmbeddedCertificateAuthority.builder().issuingKey(hierarchy.issuingKey())
                .issuingCertificate(hierarchy.issuing()).issuers(List.of(hierarchy.root()))
                .store(new InMemoryCertificateStore()).settings(SETTINGS).build();
    }

    /** The root, issuing CA and TSA keys and certificates. */
    public CaHierarchy hierarchy() {
        return hierarchy;
    }

    /** The end-entity signing key. */
    public SoftwareSigningKey doctorKey() {
        return doctorKey;
    }

    /** The end-entity certificate. */
    public X509CertificateHolder doctorCertificate() {
        return doctorCertificate;
    }

    /** Issuing CA then root: what a signer includes besides its own certificate. */
    public List<X509CertificateHolder> doctorChain() {
        return List.of(hierarchy.issuing(), hierarchy.root());
    }

    /** The embedded TSA. */
    public EmbeddedTimestampAuthority tsa() {
        return tsa;
    }

    /**
     * The private key of a crypto-core key, moved onto {@link #BC_DOMAIN} for the raw BouncyCastle side (the scalar
     * goes through the PKCS#8 export; the curve is mathematically the same, so certificates still match).
     */
    public static ECPrivateKeyParameters rawPrivateKeyOf(SoftwareSigningKey key) {
        return onBcCurve(Sm2.fromPrivateKeyInfo(key.exportPrivateKeyInfo()));
    }

    /** The same private scalar on {@link #BC_DOMAIN}. */
    public static ECPrivateKeyParameters onBcCurve(ECPrivateKeyParameters key) {
        return new ECPrivateKeyParameters(key.getD(), BC_DOMAIN);
    }

    /** The same public point on {@link #BC_DOMAIN}. */
    public static ECPublicKeyParameters onBcCurve(ECPublicKeyParameters key) {
        return new ECPublicKeyParameters(BC_DOMAIN.getCurve().decodePoint(key.getQ().getEncoded(false)), BC_DOMAIN);
    }

    /** Reproducible pseudo-random bytes for messages and contents. */
    public static byte[] bytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** A fresh nonce source of the JDK's default kind, the same kind crypto-core uses. */
    public static SecureRandom newRandom() {
        return new SecureRandom();
    }
}
