package org.medsign.benchmarks;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bouncycastle.util.CollectionStore;
import org.medsign.crypto.ca.CaHierarchy;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.tsp.EmbeddedTimestampAuthority;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** RFC 3161 token for an SM3 imprint: TimeStampTokenGenerator beside EmbeddedTimestampAuthority (token, DER reply). */
public class TimestampTokenBenchmark extends ThroughputBenchmark {

    /** The PKI with its embedded TSA, an SM3 imprint and the DER request for it, shared by all threads. */
    @State(Scope.Benchmark)
    public static class Authority {
        BenchmarkPki pki;
        byte[] imprint;
        byte[] requestDer;

        @Setup
        public void setUp() throws IOException {
            pki = new BenchmarkPki();
            imprint = Digests.digest(Digests.SM3, BenchmarkPki.bytes(1024, 4));
            TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
            requests.setCertReq(true);
            requestDer = requests.generate(Digests.SM3, imprint, BigInteger.valueOf(42)).getEncoded();
        }
    }

    private TimeStampTokenGenerator tokens;
    private TimeStampResponseGenerator responses;
    private long serial;

    @Setup
    public void setUp(Authority authority) throws OperatorCreationException, TSPException {
        CaHierarchy hierarchy = authority.pki.hierarchy();
        EmbeddedTimestampAuthority tsa = authority.pki.tsa();
        ReusedSm2ContentSigner contentSigner = new ReusedSm2ContentSigner(
                BenchmarkPki.rawPrivateKeyOf(hierarchy.tsaKey()), BenchmarkPki.newRandom());
        BcDigestCalculatorProvider digests = new BcDigestCalculatorProvider();
        tokens = new TimeStampTokenGenerator(new SignerInfoGeneratorBuilder(digests).build(contentSigner,
                hierarchy.tsa()), digests.get(Digests.SM3), tsa.policy());
        tokens.setAccuracySeconds(1);
        tokens.setTSA(new GeneralName(hierarchy.tsa().getSubject()));
        List<X509CertificateHolder> chain = new ArrayList<>(tsa.chain());
        tokens.addCertificates(new CollectionStore<>(chain));
        responses = new TimeStampResponseGenerator(tokens,
                Set.of(GMObjectIdentifiers.sm3, NISTObjectIdentifiers.id_sha256), Set.of(tsa.policy()));
    }

    @Benchmark
    public TimeStampToken rawBouncyCastle(Authority authority) throws TSPException {
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampRequest request = requests.generate(Digests.SM3, authority.imprint);
        return tokens.generate(request, BigInteger.valueOf(++serial), new Date());
    }

    @Benchmark
    public TimeStampToken medsign(Authority authority) {
        return authority.pki.tsa().timestamp(Digests.SM3, authority.imprint);
    }

    @Benchmark
    public byte[] rawBouncyCastleRespond(Authority authority) throws TSPException, IOException {
        TimeStampRequest request = new TimeStampRequest(authority.requestDer);
        return responses.generateGrantedResponse(request, BigInteger.valueOf(++serial), new Date()).getEncoded();
    }

    @Benchmark
    public byte[] medsignRespond(Authority authority) {
        return authority.pki.tsa().respond(authority.requestDer);
    }
}
