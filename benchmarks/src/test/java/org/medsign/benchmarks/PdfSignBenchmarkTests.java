package org.medsign.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.cms.SignatureTimestamps;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.pdf.PdfSignatures;

/** Every method of PdfSignBenchmark once on the 1-page report (what JMH would run), with its result checked. */
class PdfSignBenchmarkTests {

    private static PdfSignBenchmark.Report report;
    private static PdfSignBenchmark benchmark;

    @BeforeAll
    static void setUp() throws Exception {
        report = new PdfSignBenchmark.Report();
        report.pages = 1;
        report.setUp();
        benchmark = new PdfSignBenchmark();
        benchmark.setUp(report);
    }

    @Test
    void signsAtBothPlacementsWithAndWithoutTimestampAndEverySignatureVerifies() {
        for (String where : List.of("page", "keyword")) {
            PdfSignBenchmark.Placement placement = new PdfSignBenchmark.Placement();
            placement.placement = where;
            for (byte[] signed : List.of(benchmark.medsign(report, placement),
                    benchmark.medsignTimestamped(report, placement))) {
                assertThat(Arrays.copyOf(signed, report.pdf.length)).as(where).isEqualTo(report.pdf);
                PdfSignatureReport verified = report.signatures.verify(signed).get(0);
                assertThat(verified.valid()).as(where + ": " + verified.cms().toText()).isTrue();
            }
        }
    }

    @Test
    void rawBaselinesSignTheBytesThePdfSignatureCovers() throws Exception {
        assertThat(report.signedBytes.length).isGreaterThan(report.pdf.length);
        CMSSignedData plain = new CMSSignedData(benchmark.rawBouncyCastle(report));
        CMSSignedData stamped = new CMSSignedData(benchmark.rawBouncyCastleTimestamped(report));
        CMSSignedData ours = new CMSSignedData(benchmark.medsignCms(report));

        assertThat(plain.isDetachedSignature()).isTrue();
        assertThat(plain.getCertificates().getMatches(null)).hasSize(3);
        assertThat(SignatureTimestamps.of(plain.getSignerInfos().iterator().next())).isNull();
        assertThat(SignatureTimestamps.of(stamped.getSignerInfos().iterator().next())).isNotNull();
        assertThat(ours.getCertificates().getMatches(null)).hasSize(3);
    }

    @Test
    void verificationBenchmarksAcceptTheSignedReport() throws Exception {
        assertThat(benchmark.rawBouncyCastleVerify(report)).isTrue();
        List<PdfSignatureReport> reports = benchmark.medsignVerify(report);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.valid()).isTrue();
            assertThat(r.timestampValid()).isTrue();
        });
        assertThat(benchmark.pdfboxLoad(report)).isEqualTo(1);
    }

    @Test
    void reportHasItsPagesAndTheKeywordOnTheLastPageOnly() throws Exception {
        try (PDDocument document = Loader.loadPDF(SyntheticReport.pdf(3))) {
            assertThat(document.getNumberOfPages()).isEqualTo(3);
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(1);
            stripper.setEndPage(2);
            assertThat(stripper.getText(document)).doesNotContain(SyntheticReport.keyword());
            stripper.setStartPage(3);
            stripper.setEndPage(3);
            assertThat(stripper.getText(document)).contains(SyntheticReport.keyword());
        }
        assertThat(PdfSignatures.contents(report.signedPdf)).hasSize(1);
    }
}
