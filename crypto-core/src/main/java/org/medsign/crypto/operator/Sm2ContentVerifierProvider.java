package org.medsign.crypto.operator;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicReference;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * Verifies SM2 signatures for BouncyCastle (certificates, CRLs, CMS, OCSP, timestamps). Accepts both algorithm
 * encodings seen in the field (SM3withSM2 1.2.156.10197.1.501 and SM2 1.2.156.10197.1.301.1). Tolerant of the
 * OpenSSL habit of signing with an empty ID: the standard ID is tried first, then the empty one, and
 * {@link #matchedSignerId()} tells which one verified so the report can flag it.
 */
public final class Sm2ContentVerifierProvider implements ContentVerifierProvider {

    private final ECPublicKeyParameters publicKey;
    private final X509CertificateHolder certificate;
    private final AtomicReference<SignerId> matched = new AtomicReference<>();

    private Sm2ContentVerifierProvider(ECPublicKeyParameters publicKey, X509CertificateHolder certificate) {
        this.publicKey = publicKey;
        this.certificate = certificate;
    }

    /** A provider for the key of a certificate. */
    public static Sm2ContentVerifierProvider of(X509CertificateHolder certificate) {
        return new Sm2ContentVerifierProvider(Sm2.fromSubjectPublicKeyInfo(certificate.getSubjectPublicKeyInfo()),
                certificate);
    }

    /**
     * A provider for a certificate's key without the certificate attached: BouncyCastle then skips its own
     * "certificate valid at signing time" check, which the path validator does with a proper reason code.
     */
    public static Sm2ContentVerifierProvider keyOf(X509CertificateHolder certificate) {
        return new Sm2ContentVerifierProvider(Sm2.fromSubjectPublicKeyInfo(certificate.getSubjectPublicKeyInfo()),
                null);
    }

    /** A provider for a bare public key. */
    public static Sm2ContentVerifierProvider of(ECPublicKeyParameters publicKey) {
        return new Sm2ContentVerifierProvider(publicKey, null);
    }

    /** Whether an algorithm identifier names an SM2 signature this provider verifies. */
    public static boolean isSm2SignatureAlgorithm(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        return oid.equals(Sm2.SM3_WITH_SM2_OID) || oid.equals(Sm2.SIGN_OID);
    }

    /** The ID that made the last verification succeed, or null if none did (yet). */
    public SignerId matchedSignerId() {
        return matched.get();
    }

    @Override
    public boolean hasAssociatedCertificate() {
        return certificate != null;
    }

    @Override
    public X509CertificateHolder getAssociatedCertificate() {
        return certificate;
    }

    @Override
    public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
        if (!isSm2SignatureAlgorithm(algorithm)) {
            throw new OperatorCreationException("unsupported signature algorithm " + algorithm.getAlgorithm()
                    + " (expected SM3withSM2)");
        }
        return new ContentVerifier() {
            // The signed bytes are small (signed attributes, TBS structures); buffering lets us try a second ID.
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                buffer.reset();
                return buffer;
            }

            @Override
            public boolean verify(byte[] signature) {
                byte[] data = buffer.toByteArray();
                Sm2SignatureEncoding encoding = Sm2.detectEncoding(signature);
                for (SignerId id : new SignerId[] {SignerId.DEFAULT, SignerId.EMPTY}) {
                    if (Sm2.verify(publicKey, id, data, signature, encoding)) {
                        matched.set(id);
                        return true;
                    }
                }
                return false;
            }
        };
    }
}
