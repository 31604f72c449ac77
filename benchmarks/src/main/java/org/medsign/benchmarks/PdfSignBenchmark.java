package org.medsign.benchmarks;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bouncycastle.util.CollectionStore;
import org.bouncycastle.util.Store;
import org.medsign.crypto.ca.CaHierarchy;
import org.medsign.crypto.cms.CmsFlavour;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.pdf.PdfPlacement;
import org.medsign.crypto.pdf.PdfSignatureContent;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.pdf.PdfSigner;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Visible PDF signature (issue #15) of a generated lab report of 1 or 50 pages ({@link SyntheticReport}):
 * {@code PdfSigner#sign} beside raw BouncyCastle detached CMS over <em>the very bytes the PDF signature covers</em>
 * (its two byte ranges, cut from a signature made in {@code @Setup}), with and without the signature timestamp;
 * {@code PdfSignatures#verify} beside the raw check of that CMS; and PDFBox's load alone, to split PDF from crypto.
 */
public class PdfSignBenchmark extends ThroughputBenchmark {

    /** The seal's size in mm (a 院章 is Ø42 mm; 40 × 40 is what the hub's default placement asks for). */
    static final double SEAL_MM = 40;

    /** The report, the PKI, both PdfSigners and a signed copy for verification, built once per size. */
    @State(Scope.Benchmark)
    public static class Report {
        /** Number of A4 pages of the report. */
        @Param({"1", "50"})
        public int pages;

        BenchmarkPki pki;
        byte[] pdf;
        PdfPlacement onPage;
        PdfPlacement afterKeyword;
        PdfSigner signer;
        PdfSigner timestampedSigner;
        CmsSigner cmsSigner;
        /** The two byte ranges of a signature of {@link #pdf}, concatenated: what the CMS of a PDF signature signs. */
        byte[] signedBytes;
        /** {@link #pdf} signed with the timestamp (what the hub hands out), and its CMS and signed bytes. */
        byte[] signedPdf;
        byte[] signedPdfCms;
        byte[] signedPdfBytes;
        PdfSignatures signatures;

        @Setup
        public void setUp() {
            pki = new BenchmarkPki();
            pdf = SyntheticReport.pdf(pages);
            // last page, lower right, above the footer: where a report's signature block is
            onPage = PdfPlacement.onPage(pages, 140, 25, SEAL_MM, SEAL_MM);
            afterKeyword = PdfPlacement.afterKeyword(SyntheticReport.keyword(), SEAL_MM, SEAL_MM);
            byte[] seal = SyntheticReport.sealPng();
            signer = PdfSigner.builder().key(pki.doctorKey()).certificate(pki.doctorCertificate())
                    .chain(pki.doctorChain()).sealImage(seal).build();
            timestampedSigner = PdfSigner.builder().key(pki.doctorKey()).certificate(pki.doctorCertificate())
                    .chain(pki.doctorChain()).timestamps(pki.tsa()).sealImage(seal).build();
            // the same CmsSigner configuration PdfSigner builds internally
            cmsSigner = CmsSigner.builder().key(pki.doctorKey()).certificate(pki.doctorCertificate())
                    .chain(pki.doctorChain()).flavour(CmsFlavour.RFC5652).attached(false).build();
            signedBytes = onlySignature(signer.sign(pdf, onPage)).signedBytes();
            signedPdf = timestampedSigner.sign(pdf, onPage);
            PdfSignatureContent content = onlySignature(signedPdf);
            signedPdfCms = content.cms();
            signedPdfBytes = content.signedBytes();
            signatures = new PdfSignatures(
                    CmsSignatureVerifier.builder().trustAnchors(List.of(pki.hierarchy().root())).build());
            PdfSignatureReport report = signatures.verify(signedPdf).get(0);
            if (!report.valid() || !report.timestampValid()) {
                throw new IllegalStateException("the benchmark's signed PDF does not verify: " + report.cms().toText());
            }
        }

        private static PdfSignatureContent onlySignature(byte[] signed) {
            List<PdfSignatureContent> contents = PdfSignatures.contents(signed);
            if (contents.size() != 1) {
                throw new IllegalStateException("expected one signature, found " + contents.size());
            }
            return contents.get(0);
        }
    }

    /** Where the seal goes; a separate state so that only the signing methods run once per placement. */
    @State(Scope.Benchmark)
    public static class Placement {
        /** {@code page}: page + mm (last page); {@code keyword}: after 医师签名： (found by text extraction). */
        @Param({"page", "keyword"})
        public String placement;

        PdfPlacement of(Report report) {
            return placement.equals("keyword") ? report.afterKeyword : report.onPage;
        }
    }

    private ReusedSm2ContentSigner contentSigner;
    private DigestCalculatorProvider digests;
    private X509CertificateHolder certificate;
    private Store<X509CertificateHolder> certificates;
    private TimeStampTokenGenerator tokens;
    private long serial;
    private ECPublicKeyParameters signerPublicKey;

    @Setup
    public void setUp(Report report) throws OperatorCreationException, TSPException, IOException {
        BenchmarkPki pki = report.pki;
        contentSigner = new ReusedSm2ContentSigner(BenchmarkPki.rawPrivateKeyOf(pki.doctorKey()),
                BenchmarkPki.newRandom());
        digests = new BcDigestCalculatorProvider();
        certificate = pki.doctorCertificate();
        List<X509CertificateHolder> all = new ArrayList<>();
        all.add(certificate);
        all.addAll(pki.doctorChain());
        certificates = new CollectionStore<>(all);
        // the TSA side as TimestampTokenBenchmark's raw baseline builds it
        CaHierarchy hierarchy = pki.hierarchy();
        tokens = new TimeStampTokenGenerator(new SignerInfoGeneratorBuilder(digests).build(
                new ReusedSm2ContentSigner(BenchmarkPki.rawPrivateKeyOf(hierarchy.tsaKey()), BenchmarkPki.newRandom()),
                hierarchy.tsa()), digests.get(Digests.SM3), pki.tsa().policy());
        tokens.setAccuracySeconds(1);
        tokens.setTSA(new GeneralName(hierarchy.tsa().getSubject()));
        tokens.addCertificates(new CollectionStore<>(new ArrayList<>(pki.tsa().chain())));
        signerPublicKey = BenchmarkPki.onBcCurve(
                (ECPublicKeyParameters) PublicKeyFactory.createKey(certificate.getSubjectPublicKeyInfo()));
    }

    /** Raw BouncyCastle detached CMS (signer certificate + chain) over the bytes a PDF signature covers. */
    @Benchmark
    public byte[] rawBouncyCastle(Report report) throws CMSException, OperatorCreationException, IOException {
        return rawCms(report.signedBytes).getEncoded(ASN1Encoding.DER);
    }

    /** The same, plus an RFC 3161 token over SM3 of the signature value as unsigned attribute (as CmsSigner adds). */
    @Benchmark
    public byte[] rawBouncyCastleTimestamped(Report report)
            throws CMSException, OperatorCreationException, IOException, TSPException {
        CMSSignedData signed = rawCms(report.signedBytes);
        SignerInformation signer = signed.getSignerInfos().iterator().next();
        SM3Digest sm3 = new SM3Digest();
        byte[] signature = signer.getSignature();
        byte[] imprint = new byte[sm3.getDigestSize()];
        sm3.update(signature, 0, signature.length);
        sm3.doFinal(imprint, 0);
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampToken token = tokens.generate(requests.generate(Digests.SM3, imprint),
                BigInteger.valueOf(++serial), new Date());
        ASN1EncodableVector unsigned = new ASN1EncodableVector();
        unsigned.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                new DERSet(token.toCMSSignedData().toASN1Structure())));
        SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(unsigned));
        return CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped)).getEncoded(ASN1Encoding.DER);
    }

    /** The whole visible signature: load, place, appearance, incremental save, CMS over the byte ranges. */
    @Benchmark
    public byte[] medsign(Report report, Placement placement) {
        return report.signer.sign(report.pdf, placement.of(report));
    }

    /** The same with the signature timestamp from the embedded TSA. */
    @Benchmark
    public byte[] medsignTimestamped(Report report, Placement placement) {
        return report.timestampedSigner.sign(report.pdf, placement.of(report));
    }

    /** Reference: crypto-core's CmsSigner alone (PdfSigner's configuration, no timestamp) over the same bytes. */
    @Benchmark
    public byte[] medsignCms(Report report) {
        return report.cmsSigner.sign(report.signedBytes);
    }

    /** Raw check of the signed PDF's CMS: SM3 of the byte ranges against messageDigest, SM2 over signed attributes. */
    @Benchmark
    public boolean rawBouncyCastleVerify(Report report) throws CMSException {
        SignerInformation signer = new CMSSignedData(new CMSProcessableByteArray(report.signedPdfBytes),
                report.signedPdfCms).getSignerInfos().iterator().next();
        SM3Digest sm3 = new SM3Digest();
        byte[] digest = new byte[sm3.getDigestSize()];
        sm3.update(report.signedPdfBytes, 0, report.signedPdfBytes.length);
        sm3.doFinal(digest, 0);
        byte[] claimed = ASN1OctetString.getInstance(signer.getSignedAttributes().get(CMSAttributes.messageDigest)
                .getAttrValues().getObjectAt(0)).getOctets();
        if (!Arrays.equals(digest, claimed)) {
            return false;
        }
        SM2Signer verifier = new SM2Signer();
        verifier.init(false, new ParametersWithID(signerPublicKey, ReusedSm2ContentSigner.DEFAULT_ID));
        byte[] attributes = encodedSignedAttributes(signer);
        verifier.update(attributes, 0, attributes.length);
        return verifier.verifySignature(signer.getSignature());
    }

    /** PdfSignatures#verify of the timestamped signed PDF: byte ranges, revision, CMS, chain, timestamp. */
    @Benchmark
    public List<PdfSignatureReport> medsignVerify(Report report) {
        return report.signatures.verify(report.signedPdf);
    }

    /** Reference: PDFBox parses the report (what every sign and verify starts with), nothing else. */
    @Benchmark
    public int pdfboxLoad(Report report) throws IOException {
        try (PDDocument document = Loader.loadPDF(report.pdf)) {
            return document.getNumberOfPages();
        }
    }

    private CMSSignedData rawCms(byte[] content) throws CMSException, OperatorCreationException {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(digests).build(contentSigner, certificate));
        generator.addCertificates(certificates);
        return generator.generate(new CMSProcessableByteArray(content), false);
    }

    private static byte[] encodedSignedAttributes(SignerInformation signer) {
        try {
            return signer.getEncodedSignedAttributes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
