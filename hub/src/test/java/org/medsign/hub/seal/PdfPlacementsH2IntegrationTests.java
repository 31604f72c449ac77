package org.medsign.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.pdf.PdfFixtures;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.pdf.PdfTools;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.demo.DemoData;
import org.medsign.hub.mobile.SigningWindows;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The placements beyond page and keyword through {@code POST /api/v1/sign/pdf} on H2 with the demo seals: a straddle
 * seal (骑缝章) of the 检验检查专用章 over a three-page report, and a clinician's signature in an existing empty
 * signature field; a missing field, a straddle beyond the last page and a mixed placement refused before anything is
 * stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PdfPlacementsH2IntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double PT = 72 / 25.4;

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = AbstractSealsIntegrationTests.configure(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    @Override
    protected boolean demoWindows() {
        return false;
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SigningWindows windows;

    @Test
    void theLabSealStraddlesTheRightEdgesOfAThreePageReport() throws Exception {
        windows.open("D0002", List.of(DemoData.DEMO_SYSTEM), null, 1);
        allow(AbstractPdfSigningIntegrationTests.LAB_SEAL_RULE);
        String lab = sealId("示范医院检验检查专用章");
        double sealMm = sealWidthMm(lab);
        ObjectNode placement = JSON.createObjectNode();
        placement.putObject("straddle").put("fromPage", 1).put("toPage", 0).put("yMm", 120);

        JsonNode answer = signed(signPdf("pdf-straddle-1", "D0002", PdfFixtures.pages(3), lab, placement));

        byte[] signed = Base64.getDecoder().decode(answer.get("pdf").asText());
        List<PdfSignatureReport> reports = verifier().verify(signed);
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.valid()).as(r.toString()).isTrue());
        Path file = write("straddle.pdf", signed);
        assertThat(PdfTools.qpdfCheck(file).exit()).isZero();
        assertThat(PdfTools.pdfsig(file).out()).contains("Signature #1");
        double pageMm = PDRectangle.A4.getWidth() / PT;
        double stripMm = sealMm / 3;
        for (int page = 1; page <= 3; page++) {
            BufferedImage rendering = PdfTools.render(file, page);
            assertThat(redShare(rendering, pageMm - stripMm + 0.5, 120, stripMm - 1, sealMm)).as("page " + page)
                    .isGreaterThan(0.05);
            assertThat(redShare(rendering, 0, 0, pageMm - stripMm - 0.5, 297)).as("page " + page + " left of it")
                    .isZero();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM seal_usage WHERE request_id = 'pdf-straddle-1'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aClinicianSignsAnExistingEmptySignatureFieldInPlace() throws Exception {
        windows.open("D0001", List.of(DemoData.DEMO_SYSTEM), null, 1);
        byte[] form = PdfFixtures.withSignatureField("reviewer", new PDRectangle(300, 100, 120, 80));

        JsonNode answer = signed(signPdf("pdf-field-1", "D0001", form, null,
                JSON.createObjectNode().put("field", "reviewer")));

        byte[] signed = Base64.getDecoder().decode(answer.get("pdf").asText());
        List<PdfSignatureReport> reports = verifier().verify(signed);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.valid()).as(r.toString()).isTrue();
            assertThat(r.fieldName()).isEqualTo("reviewer");
        });
        Path file = write("field.pdf", signed);
        assertThat(PdfTools.qpdfCheck(file).exit()).isZero();
        assertThat(PdfTools.pdfsig(file).out()).contains("Signature Field Name: reviewer");
    }

    @Test
    void aMissingFieldAStraddleBeyondTheLastPageAndAMixedPlacementAreRefused() throws Exception {
        windows.open("D0003", List.of(DemoData.DEMO_SYSTEM), null, 1);
        byte[] form = PdfFixtures.withSignatureField("reviewer", new PDRectangle(300, 100, 120, 80));
        assertBadRequest("pdf-place-1", signPdf("pdf-place-1", "D0003", form, null,
                JSON.createObjectNode().put("field", "nurse")), "PDF_INVALID", "no form field named \"nurse\"");
        assertBadRequest("pdf-place-2", signPdf("pdf-place-2", "D0003", form, null,
                JSON.createObjectNode().put("field", "patient")), "PDF_INVALID", "not a signature field");
        ObjectNode beyond = JSON.createObjectNode();
        beyond.putObject("straddle").put("fromPage", 1).put("toPage", 5).put("yMm", 100);
        assertBadRequest("pdf-place-3", signPdf("pdf-place-3", "D0003", PdfFixtures.pages(3), null, beyond),
                "PDF_INVALID", "page 5");
        ObjectNode mixed = JSON.createObjectNode().put("page", 1).put("xMm", 10).put("yMm", 10);
        mixed.putObject("straddle").put("yMm", 100);
        assertBadRequest("pdf-place-4", signPdf("pdf-place-4", "D0003", PdfFixtures.pages(3), null, mixed),
                "INVALID_REQUEST", "placement");
        ObjectNode noHeight = JSON.createObjectNode();
        noHeight.putObject("straddle").put("fromPage", 1);
        assertBadRequest("pdf-place-5", signPdf("pdf-place-5", "D0003", PdfFixtures.pages(3), null, noHeight),
                "INVALID_REQUEST", "yMm");
    }

    // ---------------------------------------------------------------- helpers

    private void allow(String rule) {
        HttpResponse<String> created = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/permissions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(rule)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private JsonNode signed(String json) throws IOException {
        HttpResponse<String> answer = postJson("/api/v1/sign/pdf", json);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private void assertBadRequest(String requestId, String json, String code, String reason) throws IOException {
        HttpResponse<String> answer = postJson("/api/v1/sign/pdf", json);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("detail").asText()).contains(reason);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_request WHERE request_id = ?").param(requestId)
                .query(Integer.class).single()).isZero();
    }

    private JsonNode seal(String id) throws IOException {
        JsonNode seals = JSON.readTree(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals")).GET()).body());
        for (JsonNode seal : seals) {
            if (seal.get("id").asText().equals(id) || seal.get("name").asText().equals(id)) {
                return seal;
            }
        }
        throw new AssertionError("no demo seal " + id + " in " + seals);
    }

    private String sealId(String name) throws IOException {
        return seal(name).get("id").asText();
    }

    private double sealWidthMm(String id) throws IOException {
        return seal(id).get("widthMm").asDouble();
    }

    private PdfSignatures verifier() {
        List<X509CertificateHolder> chain = Pem.parseCertificates(getWithKey("/api/v1/ca/chain").body()
                .getBytes(StandardCharsets.US_ASCII));
        return new PdfSignatures(CmsSignatureVerifier.builder().trustAnchors(List.of(chain.get(chain.size() - 1)))
                .extraCertificates(chain).build());
    }

    private static String signPdf(String requestId, String signer, byte[] pdf, String sealId, ObjectNode placement) {
        ObjectNode body = JSON.createObjectNode().put("requestId", requestId).put("signer", signer)
                .put("pdf", b64(pdf)).put("scenario", "检验报告");
        if (sealId != null) {
            body.put("sealId", sealId);
        }
        body.set("placement", placement);
        return body.toString();
    }

    /** Share of clearly red pixels in the rectangle (mm, origin bottom-left) of a 72 dpi rendering. */
    private static double redShare(BufferedImage page, double xMm, double yMm, double wMm, double hMm) {
        int red = 0;
        int all = 0;
        for (double x = xMm * PT; x < (xMm + wMm) * PT && x < page.getWidth(); x += 1) {
            for (double y = yMm * PT; y < (yMm + hMm) * PT && y < page.getHeight() - 1; y += 1) {
                all++;
                if (PdfTools.redAt(page, x, y)) {
                    red++;
                }
            }
        }
        return all == 0 ? 0 : (double) red / all;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path dir = Files.createDirectories(home().resolve("pdf-test"));
        return Files.write(dir.resolve(name), bytes);
    }
}
