package org.medsign.crypto.tsp;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bouncycastle.util.CollectionStore;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.key.SignerBuilder;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.crypto.operator.Digests;

/**
 * RFC 3161 time-stamp authority with an SM2 key. Accepts SM3 (mandatory) and SHA-256 imprints and answers
 * {@code badAlg} for anything else; honours nonce and certReq (a nonce longer than {@link Builder#maxNonceOctets} is
 * refused with {@code badRequest}); tokens carry the policy, accuracy and a serial from {@link TimestampSerials};
 * ESSCertIDv2 uses SM3. Thread-safe.
 */
public final class EmbeddedTimestampAuthority implements TimestampSource {

    /** Default policy OID (under the UUID arc 2.25, ITU-T X.667; no registration needed). */
    public static final ASN1ObjectIdentifier DEFAULT_POLICY =
            new ASN1ObjectIdentifier("2.25.14544688885188277567187530668926569061.1.1");
    /** Bytes of a token beyond its certificates: TSTInfo, signer info with ESS certificate ID, SM2 signature. */
    static final int TOKEN_STRUCTURE_ALLOWANCE = 2048;

    private final SigningKeyRef key;
    private final X509CertificateHolder certificate;
    private final List<X509CertificateHolder> chain;
    private final ASN1ObjectIdentifier policy;
    private final int accuracyMillis;
    private final TimestampSerials serials;
    private final Clock clock;
    private final Set<ASN1ObjectIdentifier> acceptedAlgorithms;
    private final int maxNonceOctets;
    /**
     * One token generator per thread, built at its first token and reused (BouncyCastle's generator and its SM2
     * content signer are reusable one token at a time, not concurrently); dropped after a failure, so that a token
     * interrupted half-way leaves no state behind.
     */
    private final ThreadLocal<TimeStampTokenGenerator> generators = new ThreadLocal<>();
    private final int expectedTokenSize;

    private EmbeddedTimestampAuthority(Builder builder) {
        this.key = builder.requiredKey();
        this.certificate = builder.requiredCertificate();
        List<X509CertificateHolder> all = new ArrayList<>();
        all.add(certificate);
        all.addAll(builder.issuers);
        this.chain = List.copyOf(all);
        this.policy = builder.policy;
        this.accuracyMillis = builder.accuracyMillis;
        this.serials = builder.serials != null ? builder.serials : new TimeBasedTimestampSerials(builder.clock());
        this.clock = builder.clock();
        this.acceptedAlgorithms = Digests.ACCEPTED;
        this.maxNonceOctets = builder.maxNonceOctets;
        this.expectedTokenSize = TOKEN_STRUCTURE_ALLOWANCE + encodedSize(chain);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The TSA certificate. */
    public X509CertificateHolder certificate() {
        return certificate;
    }

    /** TSA certificate then its issuers. */
    public List<X509CertificateHolder> chain() {
        return chain;
    }

    /** The chain's DER size plus {@value #TOKEN_STRUCTURE_ALLOWANCE} bytes (a token is about 700 bytes besides it). */
    @Override
    public int expectedTokenSize() {
        return expectedTokenSize;
    }

    private static int encodedSize(List<X509CertificateHolder> certificates) {
        int size = 0;
        for (X509CertificateHolder certificate : certificates) {
            try {
                size += certificate.getEncoded().length;
            } catch (IOException e) {
                throw new CryptoOperationException("cannot encode the TSA chain", e);
            }
        }
        return size;
    }

    /** The default policy of issued tokens. */
    public ASN1ObjectIdentifier policy() {
        return policy;
    }

    /**
     * Answers a DER {@code TimeStampReq} with a DER {@code TimeStampResp}. Never throws for bad input: garbage gets
     * rejection/badDataFormat, an unsupported hash rejection/badAlg, an unknown policy rejection/unacceptedPolicy, a
     * nonce over the limit rejection/badRequest.
     */
    public byte[] respond(byte[] requestDer) {
        TimeStampRequest request;
        try {
            request = new TimeStampRequest(requestDer);
        } catch (IOException | RuntimeException e) {
            return failure(PKIFailureInfo.badDataFormat, "request is not a DER TimeStampReq");
        }
        try {
            return respond(request).getEncoded();
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode timestamp response", e);
        }
    }

    /** Answers a parsed request. */
    public TimeStampResponse respond(TimeStampRequest request) {
        BigInteger nonce = request.getNonce();
        if (nonce != null && (nonce.bitLength() + 8) / 8 > maxNonceOctets) {
            // the nonce is echoed into the signed token: an unbounded one would be signed and stored as given
            return failureResponse(PKIFailureInfo.badRequest, "nonce longer than " + maxNonceOctets + " octets");
        }
        try {
            TimeStampResponseGenerator generator = new TimeStampResponseGenerator(tokenGenerator(), acceptedAlgorithms,
                    Set.of(policy));
            try {
                return generator.generateGrantedResponse(request, serials.next(), Date.from(clock.instant()));
            } catch (TSPValidationException e) {
                return generator.generateFailResponse(PKIStatus.REJECTION, e.getFailureCode(), e.getMessage());
            } catch (TSPException | RuntimeException e) {
                generators.remove();
                throw e;
            }
        } catch (TSPException e) {
            throw new CryptoOperationException("timestamp generation failed", e);
        }
    }

    /** A token for the hub's own use: the same checks as {@link #respond}, without building a response around it. */
    @Override
    public TimeStampToken timestamp(AlgorithmIdentifier hashAlgorithm, byte[] imprint) {
        if (!acceptedAlgorithms.contains(hashAlgorithm.getAlgorithm())) {
            throw new TimestampException("embedded TSA refused the request: unsupported hash "
                    + hashAlgorithm.getAlgorithm());
        }
        TimeStampRequestGenerator requestGenerator = new TimeStampRequestGenerator();
        requestGenerator.setCertReq(true);
        TimeStampRequest request = requestGenerator.generate(hashAlgorithm, imprint);
        try {
            return tokenGenerator().generate(request, serials.next(), Date.from(clock.instant()));
        } catch (TSPException e) {
            generators.remove();
            throw new TimestampException("embedded TSA could not create a token", e);
        } catch (RuntimeException e) {
            generators.remove();
            throw e;
        }
    }

    private TimeStampTokenGenerator tokenGenerator() throws TSPException {
        TimeStampTokenGenerator generator = generators.get();
        if (generator == null) {
            generator = newTokenGenerator();
            generators.set(generator);
        }
        return generator;
    }

    private TimeStampTokenGenerator newTokenGenerator() throws TSPException {
        try {
            SignerInfoGenerator signerInfo = new SignerInfoGeneratorBuilder(Digests.provider())
                    .build(key.contentSigner(), certificate);
            TimeStampTokenGenerator generator = new TimeStampTokenGenerator(signerInfo,
                    Digests.calculator(Digests.SM3), policy);
            if (accuracyMillis % 1000 == 0) {
                generator.setAccuracySeconds(accuracyMillis / 1000);
            } else {
                generator.setAccuracySeconds(accuracyMillis / 1000);
                generator.setAccuracyMillis(accuracyMillis % 1000);
            }
            generator.setTSA(new GeneralName(certificate.getSubject()));
            generator.addCertificates(new CollectionStore<>(chain));
            return generator;
        } catch (OperatorCreationException e) {
            throw new CryptoOperationException("cannot build TSA signer", e);
        }
    }

    /**
     * A DER {@code TimeStampResp} with status rejection, the given {@code PKIFailureInfo} bit and status text, for
     * requests refused before parsing (e.g. too large).
     */
    public static byte[] rejection(int failInfo, String text) {
        return failure(failInfo, text);
    }

    private static byte[] failure(int failInfo, String text) {
        try {
            return failureResponse(failInfo, text).getEncoded();
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode timestamp failure", e);
        }
    }

    private static TimeStampResponse failureResponse(int failInfo, String text) {
        try {
            return new TimeStampResponseGenerator(null, Set.of()).generateFailResponse(PKIStatus.REJECTION, failInfo,
                    text);
        } catch (TSPException e) {
            throw new CryptoOperationException("cannot encode timestamp failure", e);
        }
    }

    /** Builder; setters return this. */
    public static final class Builder extends SignerBuilder<Builder> {
        private final List<X509CertificateHolder> issuers = new ArrayList<>();
        private ASN1ObjectIdentifier policy = DEFAULT_POLICY;
        private int accuracyMillis = 1000;
        private TimestampSerials serials;
        private int maxNonceOctets = 64;

        /** Issuers of the TSA certificate, nearest first. */
        public Builder issuers(List<X509CertificateHolder> issuers) {
            this.issuers.clear();
            this.issuers.addAll(issuers);
            return this;
        }

        public Builder policy(ASN1ObjectIdentifier policy) {
            this.policy = policy;
            return this;
        }

        public Builder accuracyMillis(int accuracyMillis) {
            this.accuracyMillis = accuracyMillis;
            return this;
        }

        public Builder serials(TimestampSerials serials) {
            this.serials = serials;
            return this;
        }

        /** Longest nonce accepted, in octets of its two's-complement encoding (default 64). */
        public Builder maxNonceOctets(int maxNonceOctets) {
            if (maxNonceOctets < 1) {
                throw new IllegalArgumentException("maxNonceOctets must be at least 1");
            }
            this.maxNonceOctets = maxNonceOctets;
            return this;
        }

        public EmbeddedTimestampAuthority build() {
            return new EmbeddedTimestampAuthority(this);
        }
    }
}
