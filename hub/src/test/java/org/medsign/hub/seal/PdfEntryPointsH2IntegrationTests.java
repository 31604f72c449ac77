package org.medsign.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.pdf.PdfFixtures;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.integration.MllpPeer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Visible PDF signatures through the system edges (issue #15 point 5), with the repository's LIS and physical-exam
 * route files as shipped, their commented visible-PDF lines switched on: an ORU^R01 whose OBX of type ED carries a
 * report PDF comes back over MLLP with the PDF sealed with the 检验检查专用章 in an added OBX ED; a FHIR
 * DocumentReference with an application/pdf attachment is answered with a Provenance whose signature data is the
 * signed PDF. Bad PDFs are refused on each edge (ACK AE, OperationOutcome 400) with PDF_INVALID, nothing stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PdfEntryPointsH2IntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path home;
    static int lisPort;
    static MllpPeer.Listener lis;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = AbstractSealsIntegrationTests.configure(registry);
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        lis = new MllpPeer.Listener(StandardCharsets.UTF_8);
        try (ServerSocket socket = new ServerSocket(0)) {
            lisPort = socket.getLocalPort();
        }
        Files.writeString(routes.resolve("lis.yaml"), visible(Files.readString(Path.of("../routes/lis.yaml")))
                .replace("value: \"2576\"", "value: \"" + lisPort + "\"")
                .replace("value: \"2586\"", "value: \"" + lis.port() + "\""));
        Files.writeString(routes.resolve("physical-exam.yaml"),
                visible(Files.readString(Path.of("../routes/physical-exam.yaml"))));
        registry.add("medsign.routes.dir", routes::toString);
    }

    /** The route file with its commented visible-PDF parameters switched on. */
    private static String visible(String route) {
        String on = route.replace("      # - name: pdf", "      - name: pdf").replace("      #   value: ", "        value: ");
        assertThat(on).contains("- name: pdfSignature");
        return on;
    }

    @Override
    protected Path home() {
        return home;
    }

    @Test
    void lisReportPdfComesBackSealedWithTheLabSealOverMllp() throws Exception {
        PdfFixtures.assumeCjkFont();
        String controlId = "LISPDF" + System.nanoTime();
        byte[] report = PdfFixtures.withKeyword(2, 2);
        // the default matrix keeps the 检验检查专用章 for 检验科; the demo staff are in 演示科室
        HttpResponse<String> rule = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/permissions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"action\":\"SPECIAL\",\"specialType\":\"检验检查专用章\",\"department\":\"演示科室\","
                                + "\"system\":\"lis\"}")));
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);

        String ack = MllpPeer.send(lisPort, oru(controlId, report).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8);

        assertThat(MllpPeer.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        String result = Awaitility.await("ORU^R01 at the LIS listener").atMost(Duration.ofSeconds(60))
                .until(() -> lis.received().stream().filter(m -> m.contains(controlId)).findFirst().orElse(null),
                        Objects::nonNull);
        String ed = Arrays.stream(result.split("\r")).filter(s -> s.startsWith("OBX|") && s.contains("MEDSIGN-PDF"))
                .findFirst().orElseThrow(() -> new AssertionError("no MEDSIGN-PDF OBX in " + result.length()));
        assertThat(ed.split("\\|")[5].split("\\^")[2]).isEqualTo("PDF");
        byte[] sealed = Base64.getDecoder().decode(ed.split("\\|")[5].split("\\^")[4]);
        assertThat(Arrays.equals(sealed, 0, report.length, report, 0, report.length)).isTrue();
        List<PdfSignatureReport> reports = verifier().verify(sealed);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).valid()).as(reports.get(0).toString()).isTrue();
        assertThat(reports.get(0).signer().subject()).contains("示范医院");
        assertThat(jdbc.sql("SELECT requested_by FROM seal_usage WHERE system_id = 'lis' AND request_id = ?")
                .param(controlId).query(String.class).list()).containsExactly("D0004");
    }

    @Test
    void lisMessageWithABrokenPdfIsRefusedInTheAck() throws Exception {
        String controlId = "LISBAD" + System.nanoTime();

        String ack = MllpPeer.send(lisPort, oru(controlId, "%PDF-1.4 broken".getBytes(StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

        assertThat(MllpPeer.field(ack, "MSA", 1)).isEqualTo("AE");
        assertThat(ack).contains("PDF_INVALID");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_request WHERE request_id = ?").param(controlId)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void physicalExamPdfIsAnsweredWithTheSignedPdfInTheProvenance() throws Exception {
        String identifier = "PEPDF" + System.nanoTime();
        byte[] report = PdfFixtures.onePage();

        HttpResponse<String> response = fhirSign(documentReference(identifier, "D0005", report));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode provenance = JSON.readTree(response.body());
        assertThat(provenance.get("resourceType").asText()).isEqualTo("Provenance");
        assertThat(provenance.at("/signature/0/sigFormat").asText()).isEqualTo("application/pdf");
        assertThat(provenance.at("/signature/0/targetFormat").asText()).isEqualTo("application/pdf");
        byte[] signed = Base64.getDecoder().decode(provenance.at("/signature/0/data").asText());
        List<PdfSignatureReport> reports = verifier().verify(signed);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).valid()).as(reports.get(0).toString()).isTrue();
        assertThat(reports.get(0).signer().subject()).contains("陈静");

        HttpResponse<String> broken = fhirSign(documentReference("PEBAD" + System.nanoTime(), "D0005",
                PdfFixtures.encrypted("secret")));
        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(400);
        assertThat(broken.body()).contains("PDF_ENCRYPTED").contains("OperationOutcome");
    }

    private static String oru(String controlId, byte[] pdf) {
        String obr = "OBR|1|ORD-" + controlId + "|LAB-" + controlId + "|BLOOD^血常规^L|||20261207080000"
                + "|".repeat(18) + "F" + "|".repeat(7) + "D0004&李&检验师";
        return "MSH|^~\\&|LIS|HOSP|MEDSIGN|HOSP|20261207090000||ORU^R01^ORU_R01|" + controlId
                + "|P|2.5.1|||||CHN|UNICODE UTF-8\rPID|1||P7788^^^HOSP^MR||李^四\r" + obr + "\r"
                + "OBX|1|ED|REPORT^检验报告^L||LIS^AP^PDF^Base64^" + Base64.getEncoder().encodeToString(pdf)
                + "||||||F\r";
    }

    private static String documentReference(String identifier, String staff, byte[] document) {
        return """
                {"resourceType":"DocumentReference","id":"exam-%1$s",
                 "contained":[{"resourceType":"Practitioner","id":"author",
                   "identifier":[{"system":"urn:hospital:physical-exam:staff","value":"%2$s"}]}],
                 "masterIdentifier":{"system":"urn:hospital:physical-exam:report","value":"%1$s"},
                 "status":"current",
                 "author":[{"reference":"#author"}],
                 "content":[{"attachment":{"contentType":"application/pdf","data":"%3$s"}}]}
                """.formatted(identifier, staff, Base64.getEncoder().encodeToString(document));
    }

    private HttpResponse<String> fhirSign(String body) throws IOException {
        String key = Files.readString(home.resolve("secrets").resolve("physical-exam-api-key"),
                StandardCharsets.US_ASCII).trim();
        return send(HttpRequest.newBuilder(uri("/fhir/DocumentReference/$sign"))
                .header("Content-Type", "application/fhir+json").header("X-Medsign-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private PdfSignatures verifier() {
        List<X509CertificateHolder> chain = Pem.parseCertificates(getWithKey("/api/v1/ca/chain").body()
                .getBytes(StandardCharsets.US_ASCII));
        return new PdfSignatures(CmsSignatureVerifier.builder().trustAnchors(List.of(chain.get(chain.size() - 1)))
                .extraCertificates(chain).build());
    }
}
