package org.medsign.adapters.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A route file's {@code pdfSignature}, {@code pdfSeal} and {@code pdfPlacement} as the adapters read them. */
class PdfOptionsRouteTests {

    @Test
    void emptyPlacementIsTheDefaultCorner() {
        PdfOptions options = PdfOptions.fromRoute("", "");

        assertThat(options.sealId()).isNull();
        assertThat(options.page()).isEqualTo(1);
        assertThat(options.xMm()).isEqualTo(140.0);
        assertThat(options.yMm()).isEqualTo(20.0);
    }

    @Test
    void keywordAndPageWithSizes() {
        PdfOptions keyword = PdfOptions.fromRoute("name:示范医院院章", "keyword=医师签名：,w=30,h=15");
        assertThat(keyword.sealId()).isEqualTo("name:示范医院院章");
        assertThat(keyword.keyword()).isEqualTo("医师签名：");
        assertThat(keyword.widthMm()).isEqualTo(30.0);
        assertThat(keyword.heightMm()).isEqualTo(15.0);

        PdfOptions page = PdfOptions.fromRoute("", "page=2,x=10,y=12.5");
        assertThat(page.page()).isEqualTo(2);
        assertThat(page.yMm()).isEqualTo(12.5);
    }

    @Test
    void aSignatureFieldByName() {
        PdfOptions options = PdfOptions.fromRoute("", "field=医师签名栏");

        assertThat(options.field()).isEqualTo("医师签名栏");
        assertThat(options.page()).isNull();
        assertThat(PdfOptions.fromRoute("", "field=doctor,w=30,h=10").widthMm()).isEqualTo(30.0);
    }

    @Test
    void aStraddleSealOverAPageRange() {
        PdfOptions toLast = PdfOptions.fromRoute("name:示范医院院章", "straddle=1-0,y=120");
        assertThat(toLast.straddleFrom()).isEqualTo(1);
        assertThat(toLast.straddleTo()).isZero();
        assertThat(toLast.yMm()).isEqualTo(120.0);

        PdfOptions range = PdfOptions.fromRoute("", "straddle=2-5,y=100,w=40,h=40");
        assertThat(range.straddleFrom()).isEqualTo(2);
        assertThat(range.straddleTo()).isEqualTo(5);
        assertThat(PdfOptions.fromRoute("", "straddle=3-,y=100").straddleTo()).isZero();
    }

    @Test
    void placementsThatCannotBeReadStopTheRoute() {
        assertThatThrownBy(() -> PdfOptions.fromRoute("", "straddle=1,y=100")).hasMessageContaining("straddle=");
        assertThatThrownBy(() -> PdfOptions.fromRoute("", "straddle=1-0")).hasMessageContaining("yMm");
        assertThatThrownBy(() -> PdfOptions.fromRoute("", "straddle=5-2,y=100")).hasMessageContaining("toPage");
        assertThatThrownBy(() -> PdfOptions.fromRoute("", "field=")).hasMessageContaining("field name");
        assertThatThrownBy(() -> PdfOptions.fromRoute("", "page=1,x=a,y=2")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> PdfOptions.fromRoute("", "page=1,x=1,y=2,z=3")).hasMessageContaining("unknown");
        assertThatThrownBy(() -> PdfOptions.visible("yes")).hasMessageContaining("'cms' or 'visible'");
    }

    @Test
    void aPdfIsRecognisedByItsHeader() {
        assertThat(PdfOptions.isPdf("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(PdfOptions.isPdf(("\n\n%PDF-1.4").getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(PdfOptions.isPdf("麻醉记录单".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(PdfOptions.isPdf(new byte[0])).isFalse();
    }

    @Test
    void aBrokenPdfIsAProblemWithItsCode() {
        PdfOptions.Problem problem = PdfOptions.fromRoute("", "").problem("%PDF-1.4 broken".getBytes(
                StandardCharsets.US_ASCII));

        assertThat(problem).isNotNull();
        assertThat(problem.code()).isEqualTo(ErrorCode.PDF_INVALID);
        assertThat(problem.reason()).isNotBlank();
    }
}
