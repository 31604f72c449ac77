package org.medsign.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RatioReport on JMH JSON: pairing by method name, and by shared parameters when benchmarks have @Params. */
class RatioReportTests {

    private static String run(String benchmark, String method, String params, double score) {
        return "{\"benchmark\":\"org.medsign.benchmarks." + benchmark + "." + method + "\",\"threads\":1,"
                + (params == null ? "" : "\"params\":{" + params + "},")
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":\"NaN\",\"scoreUnit\":\"ops/s\"}}";
    }

    private static String render(String... runs) {
        return RatioReport.render(RatioReport.results(new RatioReport.JsonReader("[" + String.join(",", runs) + "]")
                .value()));
    }

    @Test
    void pairsWrapperWithRawOfTheSameClassWithoutParams() {
        String report = render(run("Sm2SignBenchmark", "rawBouncyCastle", null, 1000),
                run("Sm2SignBenchmark", "medsign", null, 900));

        assertThat(report).contains("| Sm2Sign | 1,000 | 900 | 90.0 |");
    }

    @Test
    void pairsEachParameterCombinationWithTheRawRunOfTheParametersItShares() {
        String report = render(
                run("PdfSignBenchmark", "rawBouncyCastle", "\"pages\":\"1\"", 1000),
                run("PdfSignBenchmark", "rawBouncyCastle", "\"pages\":\"50\"", 400),
                run("PdfSignBenchmark", "rawBouncyCastleVerify", "\"pages\":\"50\"", 800),
                run("PdfSignBenchmark", "medsign", "\"pages\":\"1\",\"placement\":\"page\"", 250),
                run("PdfSignBenchmark", "medsign", "\"pages\":\"50\",\"placement\":\"keyword\"", 20),
                run("PdfSignBenchmark", "medsignVerify", "\"pages\":\"50\"", 80),
                run("PdfSignBenchmark", "pdfboxLoad", "\"pages\":\"50\"", 99));

        assertThat(report)
                .contains("| PdfSign [pages=1, placement=page] | 1,000 | 250 | 25.0 |")
                .contains("| PdfSign [pages=50, placement=keyword] | 400 | 20 | 5.0 |")
                .contains("| PdfSign [pages=50]: medsignVerify / rawBouncyCastleVerify | 800 | 80 | 10.0 |")
                .doesNotContain("pdfboxLoad")
                .doesNotContain("Reference variants");
    }
}
