package org.medsign.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.pdf.PdfFixtures;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.integration.MllpPeer;
import org.medsign.hub.mobile.SigningWindows;
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
    private static final String ANESTHESIA_FIELD = "anesthetistSignature";

    static Path home;
    static int lisPort;
    static MllpPeer.Listener lis;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SigningWindows windows;

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
        // the intermediate table signs into a form field, the drop folder with a straddle seal (骑缝章), both from
        // the route file's pdfPlacement
        Files.writeString(routes.resolve("anesthesia.yaml"), visible(Files.readString(Path.of("../routes/anesthesia.yaml")))
                .replace("\"keyword=医师签名：\"", "\"field=" + ANESTHESIA_FIELD + "\""));
        Files.writeString(routes.resolve("ecg.yaml"), visible(Files.readString(Path.of("../docs/examples/routes/ecg.yaml")))
                .replace("\"page=1,x=140,y=20\"", "\"straddle=1-0,y=120\""));
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

    @Test
    void anesthesiaRowWithAPdfGetsTheSignedPdfInItsSignatureColumn() throws Exception {
        String id = "ANPDF" + System.nanoTime();
        byte[] record = PdfFixtures.withSignatureField(ANESTHESIA_FIELD, new PDRectangle(300, 100, 120, 60));
        awaitSignQueue();
        insertRow(id, "D0010", record);
        String bad = "ANBAD" + System.nanoTime();
        insertRow(bad, "D0010", "%PDF-1.4 broken".getBytes(StandardCharsets.UTF_8));

        String[] row = Awaitility.await("row " + id + " signed").atMost(Duration.ofSeconds(60))
                .until(() -> row(id), r -> r != null && "SIGNED".equals(r[0]));
        byte[] signed = Base64.getDecoder().decode(row[1]);
        assertThat(Arrays.equals(signed, 0, record.length, record, 0, record.length)).as("incremental update").isTrue();
        List<PdfSignatureReport> reports = verifier().verify(signed);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).valid()).as(reports.get(0).toString()).isTrue();
        assertThat(reports.get(0).fieldName()).isEqualTo(ANESTHESIA_FIELD);
        assertThat(row[2]).as("the timestamp of the PDF's signature").isNotBlank();

        String[] refused = Awaitility.await("row " + bad + " refused").atMost(Duration.ofSeconds(60))
                .until(() -> row(bad), r -> r != null && !"NEW".equals(r[0]) && !"CLAIMED".equals(r[0]));
        assertThat(refused[0]).isEqualTo("FAILED");
        assertThat(refused[3]).isEqualTo("PDF_INVALID");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_request WHERE system_id = 'anesthesia' AND request_id = ?")
                .param(bad).query(Integer.class).single()).as("nothing stored").isZero();
    }

    @Test
    void ecgPdfDroppedInTheFolderComesBackAsTheSignedPdfWithAStraddleSeal() throws Exception {
        registerEcg();
        Path in = home.resolve("ecg").resolve("in");
        Path out = home.resolve("ecg").resolve("out");
        String name = "XD0003_ECGPDF-" + System.nanoTime() + ".pdf";
        byte[] report = PdfFixtures.pages(3);
        String encrypted = "XD0003_ECGENC-" + System.nanoTime() + ".pdf";
        drop(in, name, report);
        drop(in, encrypted, PdfFixtures.encrypted("secret"));

        Awaitility.await("signed " + name).atMost(Duration.ofSeconds(60)).until(() -> Files.exists(out.resolve(name)));
        byte[] signed = Files.readAllBytes(out.resolve(name));
        assertThat(Files.exists(out.resolve(name + ".p7s"))).as("the PDF carries its signature").isFalse();
        List<PdfSignatureReport> reports = verifier().verify(signed);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).valid()).as(reports.get(0).toString()).isTrue();
        JsonNode receipt = JSON.readTree(out.resolve(name + ".receipt.json").toFile());
        assertThat(receipt.get("format").asText()).isEqualTo("application/pdf");
        assertThat(receipt.get("signatureFile").asText()).isEqualTo(name);
        assertThat(receipt.get("staffId").asText()).isEqualTo("D0003");
        // the straddle seal: one stamp per page, one signature
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(signed)) {
            for (int page = 0; page < 3; page++) {
                assertThat(document.getPage(page).getAnnotations()).as("page " + (page + 1)).isNotEmpty();
            }
        }

        Path error = in.resolve(".error").resolve(encrypted + ".error.json");
        Awaitility.await("refused " + encrypted).atMost(Duration.ofSeconds(60)).until(() -> Files.exists(error));
        assertThat(JSON.readTree(error.toFile()).toString()).contains("PDF_ENCRYPTED");
        assertThat(Files.exists(out.resolve(encrypted))).isFalse();
    }

    private void registerEcg() throws IOException {
        if (jdbc.sql("SELECT COUNT(*) FROM hospital_system WHERE system_id = 'ecg'").query(Integer.class)
                .single() > 0) {
            return;
        }
        HttpResponse<String> registered = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/systems"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"systemId\":\"ecg\",\"name\":\"心电系统\"}")));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        HttpResponse<String> mapped = asAdmin("sysadmin", HttpRequest.newBuilder(
                uri("/api/v1/admin/systems/ecg/accounts")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"accounts\":[{\"account\":\"XD0003\","
                        + "\"staffId\":\"D0003\"}]}")));
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(200);
        HttpResponse<String> policy = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/ledger/systems/ecg/signing-policy")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"policy\":\"window\"}")));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
        windows.open("D0003", List.of("ecg"), null, 24);
    }

    private static void drop(Path folder, String name, byte[] content) throws IOException {
        Files.createDirectories(folder);
        Path temporary = folder.resolve(name + ".part");
        Files.write(temporary, content);
        Files.move(temporary, folder.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Connection anesthesiaDb() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + home + "/anesthesia;AUTO_SERVER=TRUE", "sa", "");
    }

    private static void awaitSignQueue() {
        Awaitility.await("sign_queue created by the anesthesia route").atMost(Duration.ofSeconds(30))
                .ignoreExceptions().until(() -> {
                    try (Connection connection = anesthesiaDb(); var statement = connection.createStatement()) {
                        statement.executeQuery("SELECT COUNT(*) FROM sign_queue").close();
                        return true;
                    }
                });
    }

    private static void insertRow(String id, String signer, byte[] content) throws SQLException {
        try (Connection connection = anesthesiaDb(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO sign_queue (id, signer, document_id, document_type, content) VALUES (?, ?, ?, "
                        + "'ANES_RECORD', ?)")) {
            insert.setString(1, id);
            insert.setString(2, signer);
            insert.setString(3, "ANES-" + id);
            insert.setBytes(4, content);
            insert.executeUpdate();
        }
    }

    /** status, signature, timestamp_token, error_code of a row, or null when it is not there. */
    private static String[] row(String id) throws SQLException {
        try (Connection connection = anesthesiaDb(); PreparedStatement select = connection.prepareStatement(
                "SELECT status, signature, timestamp_token, error_code FROM sign_queue WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}
                        : null;
            }
        }
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
