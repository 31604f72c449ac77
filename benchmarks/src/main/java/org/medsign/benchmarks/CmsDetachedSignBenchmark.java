package org.medsign.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.util.CollectionStore;
import org.bouncycastle.util.Store;
import org.medsign.crypto.cms.CmsSigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Detached CMS SignedData over 1 KiB with signer certificate and chain: CMSSignedDataGenerator beside CmsSigner. */
public class CmsDetachedSignBenchmark extends ThroughputBenchmark {

    /** The PKI, the content and a CmsSigner built once, shared by all threads. */
    @State(Scope.Benchmark)
    public static class Signer {
        BenchmarkPki pki;
        byte[] content;
        CmsSigner cmsSigner;

        @Setup
        public void setUp() {
            pki = new BenchmarkPki();
            content = BenchmarkPki.bytes(1024, 3);
            cmsSigner = CmsSigner.builder().key(pki.doctorKey()).certificate(pki.doctorCertificate())
                    .chain(pki.doctorChain()).build();
        }
    }

    private ReusedSm2ContentSigner contentSigner;
    private DigestCalculatorProvider digests;
    private X509CertificateHolder certificate;
    private Store<X509CertificateHolder> certificates;

    @Setup
    public void setUp(Signer signer) {
        contentSigner = new ReusedSm2ContentSigner(BenchmarkPki.rawPrivateKeyOf(signer.pki.doctorKey()),
                BenchmarkPki.newRandom());
        digests = new BcDigestCalculatorProvider();
        certificate = signer.pki.doctorCertificate();
        List<X509CertificateHolder> all = new ArrayList<>();
        all.add(certificate);
        all.addAll(signer.pki.doctorChain());
        certificates = new CollectionStore<>(all);
    }

    @Benchmark
    public byte[] rawBouncyCastle(Signer signer) throws CMSException, OperatorCreationException, IOException {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(digests).build(contentSigner, certificate));
        generator.addCertificates(certificates);
        return generator.generate(new CMSProcessableByteArray(signer.content), false).getEncoded(ASN1Encoding.DER);
    }

    @Benchmark
    public byte[] medsign(Signer signer) {
        return signer.cmsSigner.sign(signer.content);
    }

    /** What a server does per request: build the CmsSigner for the caller's key and certificate, then sign. */
    @Benchmark
    public byte[] medsignBuilderPerRequest(Signer signer) {
        return CmsSigner.builder().key(signer.pki.doctorKey()).certificate(signer.pki.doctorCertificate())
                .chain(signer.pki.doctorChain()).build().sign(signer.content);
    }
}
