package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.cert.Pem;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.OpensslCmsCheck;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The five systems of the embedded default, each configured by its route file only and reached the way it speaks:
 * HIS, LIS and PACS over real MLLP sockets, anesthesia through rows in its intermediate table, physical exam over
 * FHIR R4 on the hub's HTTP port. For each: a trigger goes in, the signed result comes back in the system's format,
 * the signature verifies with OpenSSL against the hub's CA chain, and a resend yields no second signature.
 * Subclasses run it on H2 and on PostgreSQL.
 */
abstract class AbstractAllSystemsIntegrationTests extends HubTestSupport {

    static final Charset GBK = Charset.forName("GBK");
    static final ObjectMapper JSON = new ObjectMapper();

    static Path home;
    static int hisPort;
    static int lisPort;
    static int pacsPort;
    static MllpPeer.Listener his;
    static MllpPeer.Listener lis;
    static MllpPeer.Listener pacs;
    static String anesthesiaUrl;
    static String anesthesiaUser;
    static final java.util.Map<String, String> exampleKeys = new java.util.concurrent.ConcurrentHashMap<>();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SystemStatistics statistics;

    @Autowired
    org.medsign.hub.mobile.SigningWindows windows;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    Path work;

    /** Copies the repository's five route files with free ports and the given anesthesia database. */
    static void configure(DynamicPropertyRegistry registry, String anesthesiaJdbcUrl, String anesthesiaDbUser)
            throws IOException {
        home = freshHome(registry);
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        his = new MllpPeer.Listener(GBK);
        lis = new MllpPeer.Listener(StandardCharsets.UTF_8);
        pacs = new MllpPeer.Listener(StandardCharsets.UTF_8);
        hisPort = freePort();
        lisPort = freePort();
        pacsPort = freePort();
        copy(routes, "his.yaml", "2575", hisPort, "2585", his.port());
        copy(routes, "lis.yaml", "2576", lisPort, "2586", lis.port());
        copy(routes, "pacs.yaml", "2577", pacsPort, "2587", pacs.port());
        anesthesiaUrl = anesthesiaJdbcUrl == null ? "jdbc:h2:file:" + home + "/anesthesia;AUTO_SERVER=TRUE"
                : anesthesiaJdbcUrl;
        anesthesiaUser = anesthesiaDbUser == null ? "sa" : anesthesiaDbUser;
        String anesthesia = Files.readString(Path.of("../routes/anesthesia.yaml"))
                .replace("value: \"1000\"", "value: \"200\"");
        if (anesthesiaJdbcUrl != null) {
            anesthesia = anesthesia.replace("\"jdbc:h2:file:{{medsign.home}}/anesthesia;AUTO_SERVER=TRUE\"",
                    "\"" + anesthesiaJdbcUrl + "\"").replace("value: sa", "value: " + anesthesiaDbUser);
        }
        Files.writeString(routes.resolve("anesthesia.yaml"), anesthesia);
        Files.copy(Path.of("../routes/physical-exam.yaml"), routes.resolve("physical-exam.yaml"));
        // the two example systems of docs/integration.md (file drop folder, HTTP JSON), as documented
        Files.writeString(routes.resolve("ecg.yaml"), Files.readString(Path.of("../docs/examples/routes/ecg.yaml"))
                .replace("value: \"1000\"", "value: \"200\""));
        Files.copy(Path.of("../docs/examples/routes/nursing.yaml"), routes.resolve("nursing.yaml"));
        exampleKeys.clear();
        registry.add("medsign.routes.dir", routes::toString);
    }

    private static void copy(Path routes, String file, String inPort, int in, String outPort, int out)
            throws IOException {
        Files.writeString(routes.resolve(file), Files.readString(Path.of("../routes/" + file))
                .replace("value: \"" + inPort + "\"", "value: \"" + in + "\"")
                .replace("value: \"" + outPort + "\"", "value: \"" + out + "\""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    protected Path home() {
        return home;
    }

    @BeforeEach
    void workDirectory() throws IOException {
        work = Files.createTempDirectory(home, "openssl-");
    }

    List<X509CertificateHolder> chain() {
        HttpResponse<String> response = getWithKey("/api/v1/ca/chain");
        assertThat(response.statusCode()).isEqualTo(200);
        return Pem.parseCertificates(response.body().getBytes(StandardCharsets.US_ASCII));
    }

    int signatures(String system, String requestId) {
        return jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE system_id = ? AND request_id = ?")
                .params(system, requestId).query(Integer.class).single();
    }

    String systemKey(String system) throws IOException {
        return Files.readString(home.resolve("secrets").resolve(system + "-api-key"), StandardCharsets.US_ASCII).trim();
    }

    // ---------------------------------------------------------------- HIS

    @Test
    void hisMdmIsSignedAndAnsweredWithMdmT04() throws Exception {
        String controlId = "HIS" + System.nanoTime();
        String text = "患者恢复良好，准予出院。出院带药：阿司匹林肠溶片 100mg qd。";
        byte[] message = ("MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId
                + "|P|2.4|||||CHN|GBK\rEVN|T02|20261127093000\rPID|1||P123456^^^HOSP^MR||张^三||19800101|M\r"
                + "TXA|1|DS|TX|20261127092500|D0003^王^医生||20261127092500|||||DOC-" + controlId
                + "||||||AU||||D0003^王^医生\rOBX|1|TX|DISCHARGE^出院小结^L||" + text + "||||||F\r").getBytes(GBK);

        String ack = MllpPeer.send(hisPort, message, GBK);
        assertThat(MllpPeer.field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(MllpPeer.field(ack, "MSA", 2)).isEqualTo(controlId);
        String result = Awaitility.await("MDM^T04 at the HIS listener").atMost(Duration.ofSeconds(30))
                .until(() -> his.received().stream().filter(m -> m.contains("DOC-" + controlId)).findFirst()
                        .orElse(null), Objects::nonNull);
        assertThat(MllpPeer.field(result, "MSH", 8)).startsWith("MDM^T04");
        assertThat(MllpPeer.field(result, "TXA", 17)).isEqualTo("LA");
        assertThat(OpensslCmsCheck.verify(work, MllpPeer.cmsOf(result), text.getBytes(StandardCharsets.UTF_8),
                chain())).isEqualTo("D0003");

        assertThat(MllpPeer.field(MllpPeer.send(hisPort, message, GBK), "MSA", 1)).isEqualTo("AA");
        assertThat(signatures("his", controlId)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- no signature without the signer

    /**
     * Every entry point, with a signer who holds no window (the demo systems are under {@code window}) and, for the
     * example systems, under {@code confirm} although the signer holds a window there: each request is accepted,
     * waits as the signer's pending task, and nothing is signed — the signer's confirmation is the only way on.
     */
    @Test
    void withoutAConfirmationOrAnOpenWindowNoEntryPointSigns() throws Exception {
        org.medsign.hub.signing.SigningAuthorizations.Window[] open = windows.openOf("D0010")
                .toArray(org.medsign.hub.signing.SigningAuthorizations.Window[]::new);
        for (org.medsign.hub.signing.SigningAuthorizations.Window window : open) {
            windows.close("D0010", window.id());
        }
        long nonce = System.nanoTime();
        java.util.Map<String, String> waiting = new java.util.LinkedHashMap<>(); // system → request id
        // the signing API (demo)
        HttpResponse<String> api = postJson("/api/v1/sign/message", signMessage("API" + nonce, "D0010", "病程记录"));
        assertThat(api.statusCode()).as(api.body()).isEqualTo(202);
        JsonNode pending = JSON.readTree(api.body());
        assertThat(pending.get("status").asText()).isEqualTo("PENDING");
        assertThat(pending.get("taskId").asLong()).isPositive();
        waiting.put("demo", "API" + nonce);
        // HIS: MDM^T02 over MLLP
        String his = "HISW" + nonce;
        assertThat(MllpPeer.field(MllpPeer.send(hisPort, ("MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02|"
                + his + "|P|2.4\rEVN|T02|20261127093000\rPID|1||P1^^^HOSP^MR||张^三\rTXA|1|PN|TX|20261127092500|"
                + "D0010^吴^医生||20261127092500|||||DOC-" + his + "||||||AU||||D0010^吴^医生\rOBX|1|TX|NOTE^病程^L||"
                + "一般情况可。||||||F\r").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "MSA", 1))
                .isEqualTo("AA");
        waiting.put("his", his);
        // LIS: ORU^R01 over MLLP
        String lis = "LISW" + nonce;
        assertThat(MllpPeer.field(MllpPeer.send(lisPort, ("MSH|^~\\&|LIS|HOSP|MEDSIGN|HOSP|20261127090000||ORU^R01|"
                + lis + "|P|2.5.1\rPID|1||P2^^^HOSP^MR||李^四\rOBR|1|ORD-" + lis + "|LAB-" + lis
                + "|BLOOD^血常规^L|||20261127080000" + "|".repeat(18) + "F" + "|".repeat(7) + "D0010&吴&检验师\r"
                + "OBX|1|NM|WBC^白细胞计数^L||6.2|10*9/L|3.5-9.5||||F\r").getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
        waiting.put("lis", lis);
        // PACS: ORU^R01 over MLLP
        String pacs = "PACSW" + nonce;
        assertThat(MllpPeer.field(MllpPeer.send(pacsPort, ("MSH|^~\\&|PACS|HOSP|MEDSIGN|HOSP|20261127103000||ORU^R01|"
                + pacs + "|P|2.4\rPID|1||P3^^^HOSP^MR||王^五\rOBR|1|ORD-" + pacs + "|RIS-" + pacs
                + "|CT^胸部CT^L|||20261127101500" + "|".repeat(25) + "D0010&吴&放射科医生\r"
                + "OBX|1|TX|IMP^印象^L||未见异常。||||||F\r").getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
        waiting.put("pacs", pacs);
        // anesthesia: a row of the intermediate table
        awaitTable();
        String anesthesia = "ANESW" + nonce;
        insertRow(anesthesia, "D0010", "麻醉记录单。".getBytes(StandardCharsets.UTF_8), "NEW", null);
        waiting.put("anesthesia", anesthesia);
        // physical exam: FHIR DocumentReference
        String exam = "PEW" + nonce;
        HttpResponse<String> fhir = fhirSign(systemKey("physical-exam"), documentReference(exam, "D0010",
                "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(fhir.statusCode()).as(fhir.body()).isEqualTo(202);
        waiting.put("physical-exam", exam);
        // the example systems under confirm: D0003 holds a window there, which confirm does not honour
        String nursingKey = exampleSystem("nursing", "护理系统", "HL");
        exampleSystem("ecg", "心电系统", "XD");
        setPolicy("nursing", "confirm");
        setPolicy("ecg", "confirm");
        try {
            String record = "NRW" + nonce;
            HttpResponse<String> nursing = nursingSign(nursingKey, nursingRecord(record, "HL0003", "夜间睡眠可。"));
            assertThat(nursing.statusCode()).as(nursing.body()).isEqualTo(202);
            waiting.put("nursing", record);
            String file = "XD0003_ECGW-" + nonce + ".pdf";
            drop(home.resolve("ecg").resolve("in"), file, "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8));
            waiting.put("ecg", file);

            waiting.forEach((system, requestId) -> Awaitility.await(system + " " + requestId + " waits as a task")
                    .atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT status FROM signing_request WHERE "
                            + "system_id = ? AND request_id = ?").params(system, requestId).query(String.class)
                            .optional().orElse(""), "PENDING"::equals));
            waiting.forEach((system, requestId) -> {
                assertThat(signatures(system, requestId)).as(system + " signed nothing").isZero();
                assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_task t JOIN signing_request r ON r.id = t.request_pk "
                                + "WHERE r.system_id = ? AND r.request_id = ? AND t.status = 'PENDING'")
                        .params(system, requestId).query(Integer.class).single()).as(system + " task").isEqualTo(1);
            });
        } finally {
            setPolicy("nursing", "window");
            setPolicy("ecg", "window");
        }
    }

    void setPolicy(String system, String policy) {
        HttpResponse<String> answer = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/ledger/systems/" + system + "/signing-policy")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"policy\":\"" + policy + "\"}")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- LIS

    @Test
    void lisOruIsSignedOverItsObrAndObxSegments() throws Exception {
        String controlId = "LIS" + System.nanoTime();
        String obr = "OBR|1|ORD-" + controlId + "|LAB-" + controlId + "|BLOOD^血常规^L|||20261127080000"
                + "|".repeat(18) + "F" + "|".repeat(7) + "D0004&李&检验师";
        String obx1 = "OBX|1|NM|WBC^白细胞计数^L||6.2|10*9/L|3.5-9.5||||F";
        String obx2 = "OBX|2|NM|HGB^血红蛋白^L||135|g/L|130-175||||F";
        String oru = "MSH|^~\\&|LIS|HOSP|MEDSIGN|HOSP|20261127090000||ORU^R01^ORU_R01|" + controlId
                + "|P|2.5.1|||||CHN|UNICODE UTF-8\rPID|1||P7788^^^HOSP^MR||李^四\r" + obr + "\r" + obx1 + "\r"
                + obx2 + "\r";

        assertThat(MllpPeer.field(MllpPeer.send(lisPort, oru.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                "MSA", 1)).isEqualTo("AA");
        String result = Awaitility.await("ORU^R01 at the LIS listener").atMost(Duration.ofSeconds(30))
                .until(() -> lis.received().stream().filter(m -> m.contains(controlId)).findFirst().orElse(null),
                        Objects::nonNull);
        assertThat(MllpPeer.field(result, "MSH", 8)).startsWith("ORU^R01");
        byte[] content = String.join("\r", obr, obx1, obx2).getBytes(StandardCharsets.UTF_8);
        assertThat(OpensslCmsCheck.verify(work, MllpPeer.cmsOf(result), content, chain())).isEqualTo("D0004");
        assertThat(MllpPeer.field(MllpPeer.send(lisPort, oru.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
        assertThat(signatures("lis", controlId)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- PACS

    @Test
    void pacsReportWithAnEmbeddedPdfIsSignedOverThePdf() throws Exception {
        String controlId = "PACS" + System.nanoTime();
        byte[] pdf = ("%PDF-1.4\n% CT 胸部平扫 报告\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
                .getBytes(StandardCharsets.UTF_8);
        String obr = "OBR|1|ORD-" + controlId + "|RIS-" + controlId + "|CT-CHEST^胸部CT平扫^L|||20261127101500"
                + "|".repeat(25) + "D0006&赵&放射科医生";
        String obx1 = "OBX|1|TX|IMP^印象^L||双肺未见明显异常密度影。||||||F";
        String obx2 = "OBX|2|ED|PDF^报告PDF^L||^application^pdf^Base64^" + Base64.getEncoder().encodeToString(pdf)
                + "||||||F";
        String oru = "MSH|^~\\&|PACS|HOSP|MEDSIGN|HOSP|20261127103000||ORU^R01^ORU_R01|" + controlId
                + "|P|2.4|||||CHN|GBK\rPID|1||P9001^^^HOSP^MR||王^五\r" + obr + "\r" + obx1 + "\r" + obx2 + "\r";

        assertThat(MllpPeer.field(MllpPeer.send(pacsPort, oru.getBytes(GBK), GBK), "MSA", 1)).isEqualTo("AA");
        String result = Awaitility.await("ORU^R01 at the PACS listener").atMost(Duration.ofSeconds(30))
                .until(() -> pacs.received().stream().filter(m -> m.contains(controlId)).findFirst().orElse(null),
                        Objects::nonNull);
        assertThat(OpensslCmsCheck.verify(work, MllpPeer.cmsOf(result), pdf, chain())).isEqualTo("D0006");
        assertThat(signatures("pacs", controlId)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- anesthesia (intermediate table)

    Connection anesthesiaDb() throws SQLException {
        return DriverManager.getConnection(anesthesiaUrl, anesthesiaUser, "");
    }

    void insertRow(String id, String signer, byte[] content, String status, Instant claimedAt) throws SQLException {
        try (Connection connection = anesthesiaDb(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO sign_queue (id, signer, document_id, document_type, content, status, claimed_by, "
                        + "claimed_at) VALUES (?, ?, ?, 'ANES_RECORD', ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, signer);
            insert.setString(3, "ANES-" + id);
            insert.setBytes(4, content);
            insert.setString(5, status);
            insert.setString(6, claimedAt == null ? null : "a-hub-node-that-died");
            insert.setTimestamp(7, claimedAt == null ? null : Timestamp.from(claimedAt));
            insert.executeUpdate();
        }
    }

    String[] row(String id) throws SQLException {
        try (Connection connection = anesthesiaDb(); PreparedStatement select = connection.prepareStatement(
                "SELECT status, signature, signature_id, error_code, timestamp_token FROM sign_queue WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)} : null;
            }
        }
    }

    void awaitTable() {
        Awaitility.await("sign_queue created by the anesthesia route").atMost(Duration.ofSeconds(30))
                .ignoreExceptions().until(() -> {
                    try (Connection connection = anesthesiaDb()) {
                        connection.createStatement().executeQuery("SELECT COUNT(*) FROM sign_queue").close();
                        return true;
                    }
                });
    }

    @Test
    void anesthesiaRowsAreClaimedSignedAndWrittenBackOnce() throws Exception {
        awaitTable();
        String id = "ANES" + System.nanoTime();
        byte[] content = "麻醉记录单：全身麻醉，手术顺利，术中生命体征平稳。".getBytes(StandardCharsets.UTF_8);
        insertRow(id, "D0007", content, "NEW", null);

        String[] signed = Awaitility.await("row signed").atMost(Duration.ofSeconds(30))
                .until(() -> row(id), r -> "SIGNED".equals(r[0]));
        assertThat(signed[4]).as("timestamp token written back").isNotBlank();
        assertThat(OpensslCmsCheck.verify(work, Base64.getDecoder().decode(signed[1]), content, chain()))
                .isEqualTo("D0007");

        // the anesthesia system (or a crash before the write-back) puts the row back to NEW: still one signature
        try (Connection connection = anesthesiaDb()) {
            connection.createStatement().executeUpdate("UPDATE sign_queue SET status = 'NEW' WHERE id = '" + id + "'");
        }
        Awaitility.await("row signed again").atMost(Duration.ofSeconds(30))
                .until(() -> row(id), r -> "SIGNED".equals(r[0]));
        assertThat(row(id)[2]).isEqualTo(signed[2]);
        assertThat(signatures("anesthesia", id)).isEqualTo(1);
    }

    @Test
    void anesthesiaRowClaimedByADeadNodeIsReclaimedAndBadRowsFailWithTheirReason() throws Exception {
        awaitTable();
        String orphan = "ANES-ORPHAN" + System.nanoTime();
        byte[] content = "麻醉知情同意书：已告知麻醉风险。".getBytes(StandardCharsets.UTF_8);
        insertRow(orphan, "D0008", content, "CLAIMED", Instant.now().minus(Duration.ofHours(1)));
        String unknown = "ANES-UNKNOWN" + System.nanoTime();
        insertRow(unknown, "NOBODY", content, "NEW", null);

        Awaitility.await("orphan reclaimed and signed").atMost(Duration.ofSeconds(30))
                .until(() -> row(orphan), r -> "SIGNED".equals(r[0]));
        String[] failed = Awaitility.await("unknown signer failed").atMost(Duration.ofSeconds(30))
                .until(() -> row(unknown), r -> "FAILED".equals(r[0]));
        assertThat(failed[3]).startsWith("SIGNER_UNKNOWN");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_rejection WHERE system_id = 'anesthesia' AND reference = ?")
                .param(unknown).query(Integer.class).single()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- physical exam (FHIR R4)

    static String documentReference(String identifier, String staff, byte[] document) {
        return """
                {"resourceType":"DocumentReference","id":"exam-%1$s",
                 "contained":[{"resourceType":"Practitioner","id":"author",
                   "identifier":[{"system":"urn:hospital:physical-exam:staff","value":"%2$s"}],
                   "name":[{"text":"孙医生"}]}],
                 "masterIdentifier":{"system":"urn:hospital:physical-exam:report","value":"%1$s"},
                 "status":"current",
                 "type":{"coding":[{"system":"http://loinc.org","code":"11503-0","display":"Medical records"}]},
                 "author":[{"reference":"#author"}],
                 "content":[{"attachment":{"contentType":"application/pdf","data":"%3$s"}}]}
                """.formatted(identifier, staff, Base64.getEncoder().encodeToString(document));
    }

    HttpResponse<String> fhirSign(String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/fhir/DocumentReference/$sign"))
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-Medsign-Api-Key", key);
        }
        return send(request.build());
    }

    @Test
    void physicalExamDocumentReferenceIsAnsweredWithAProvenance() throws Exception {
        String identifier = "PE" + System.nanoTime();
        byte[] pdf = "%PDF-1.4\n% 健康体检报告 总检结论：未见明显异常\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = fhirSign(systemKey("physical-exam"), documentReference(identifier, "D0005", pdf));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        JsonNode provenance = JSON.readTree(response.body());
        assertThat(provenance.get("resourceType").asText()).isEqualTo("Provenance");
        assertThat(provenance.at("/target/0/reference").asText()).isEqualTo("DocumentReference/exam-" + identifier);
        assertThat(provenance.at("/signature/0/sigFormat").asText()).isEqualTo("application/pkcs7-signature");
        assertThat(provenance.at("/signature/0/type/0/code").asText()).isEqualTo("1.2.840.10065.1.12.1.1");
        byte[] cms = Base64.getDecoder().decode(provenance.at("/signature/0/data").asText());
        assertThat(OpensslCmsCheck.verify(work, cms, pdf, chain())).isEqualTo("D0005");

        HttpResponse<String> again = fhirSign(systemKey("physical-exam"), documentReference(identifier, "D0005", pdf));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("id").asText()).isEqualTo(provenance.get("id").asText());
        assertThat(signatures("physical-exam", identifier)).isEqualTo(1);
    }

    @Test
    void physicalExamErrorsAreOperationOutcomes() throws Exception {
        byte[] pdf = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        String key = systemKey("physical-exam");
        assertOutcome(fhirSign(null, documentReference("E1", "D0005", pdf)), 401, "AUTHENTICATION_REQUIRED");
        assertOutcome(fhirSign(systemKey("his"), documentReference("E2", "D0005", pdf)), 403, "WRONG_SYSTEM");
        assertOutcome(fhirSign(key, "{not json"), 400, "FHIR_PARSE");
        assertOutcome(fhirSign(key, "{\"resourceType\":\"Patient\"}"), 400, "WRONG_RESOURCE");
        assertOutcome(fhirSign(key, documentReference("E3", "NOBODY", pdf)), 422, "SIGNER_UNKNOWN");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_rejection WHERE system_id = 'physical-exam' AND reference = 'E3'")
                .query(Integer.class).single()).isEqualTo(1);
    }

    static void assertOutcome(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.at("/issue/0/details/coding/0/code").asText()).startsWith(code);
    }

    // ---------------------------------------------------------------- example systems: file and HTTP JSON

    /** Registers an example system as docs/integration.md does (API, not Java), once per context; its API key. */
    String exampleSystem(String system, String name, String codePrefix) throws IOException {
        String known = exampleKeys.get(system);
        if (known != null) {
            return known;
        }
        HttpResponse<String> registered = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/systems"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"systemId\":\"" + system + "\",\"name\":\"" + name + "\"}")));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        HttpResponse<String> mapped = asAdmin("sysadmin", HttpRequest.newBuilder(
                uri("/api/v1/admin/systems/" + system + "/accounts")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"accounts\":[{\"account\":\"" + codePrefix
                        + "0003\",\"staffId\":\"D0003\"},{\"account\":\"" + codePrefix
                        + "0004\",\"staffId\":\"D0004\"}]}")));
        assertThat(mapped.statusCode()).as(mapped.body()).isEqualTo(200);
        HttpResponse<String> policy = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/ledger/systems/" + system + "/signing-policy")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"policy\":\"window\"}")));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
        // D0003 and D0004 let the new system sign for them, as each would in the app
        windows.open("D0003", List.of(system), null, 24);
        windows.open("D0004", List.of(system), null, 24);
        String key = JSON.readTree(registered.body()).get("apiKey").asText();
        exampleKeys.put(system, key);
        return key;
    }

    static void drop(Path folder, String name, byte[] content) throws IOException {
        Files.createDirectories(folder);
        Path temporary = folder.resolve(name + ".part");
        Files.write(temporary, content);
        Files.move(temporary, folder.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void ecgFileDroppedInTheInputFolderComesBackSignedInTheOutputFolder() throws Exception {
        exampleSystem("ecg", "心电系统", "XD");
        Path in = home.resolve("ecg").resolve("in");
        Path out = home.resolve("ecg").resolve("out");
        String name = "XD0003_ECG-" + System.nanoTime() + ".pdf";
        byte[] pdf = "%PDF-1.4\n% 常规心电图报告：窦性心律，正常心电图\n%%EOF\n".getBytes(StandardCharsets.UTF_8);
        drop(in, name, pdf);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(out.resolve(name)));
        assertThat(Files.readAllBytes(out.resolve(name))).isEqualTo(pdf);
        byte[] cms = Files.readAllBytes(out.resolve(name + ".p7s"));
        assertThat(OpensslCmsCheck.verify(work, cms, pdf, chain())).isEqualTo("D0003");
        JsonNode receipt = JSON.readTree(out.resolve(name + ".receipt.json").toFile());
        assertThat(receipt.get("signer").asText()).isEqualTo("XD0003");
        assertThat(receipt.get("staffId").asText()).isEqualTo("D0003");
        assertThat(in.resolve(name)).doesNotExist();
        assertThat(in.resolve(".accepted").resolve(name)).doesNotExist();

        // the same file again (the system lost its output): the same signature is delivered again
        Files.delete(out.resolve(name));
        Files.delete(out.resolve(name + ".p7s"));
        drop(in, name, pdf);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(out.resolve(name)));
        assertThat(Files.readAllBytes(out.resolve(name + ".p7s"))).isEqualTo(cms);
        assertThat(signatures("ecg", name)).isEqualTo(1);
    }

    @Test
    void ecgFilesTheHubRefusesEndInTheErrorFolderWithTheirReason() throws Exception {
        exampleSystem("ecg", "心电系统", "XD");
        Path in = home.resolve("ecg").resolve("in");
        Path errors = in.resolve(".error");
        long nonce = System.nanoTime();
        String badName = "report-" + nonce + ".pdf";
        String unknownSigner = "XD9999_ECG-" + nonce + ".pdf";
        String empty = "XD0003_EMPTY-" + nonce + ".pdf";
        drop(in, badName, "%PDF-1.4".getBytes(StandardCharsets.UTF_8));
        drop(in, unknownSigner, "%PDF-1.4".getBytes(StandardCharsets.UTF_8));
        drop(in, empty, new byte[0]);

        for (String[] expected : new String[][] {{badName, "INVALID_FILE_NAME"}, {unknownSigner, "SIGNER_UNKNOWN"},
                {empty, "EMPTY_FILE"}}) {
            Path error = errors.resolve(expected[0] + ".error.json");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(error));
            assertThat(JSON.readTree(error.toFile()).get("code").asText()).isEqualTo(expected[1]);
            assertThat(errors.resolve(expected[0])).exists();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(in.resolve(expected[0])));
            assertThat(jdbc.sql("SELECT code FROM inbound_rejection WHERE system_id = 'ecg' AND reference = ?")
                    .param(expected[0]).query(String.class).list()).containsExactly(expected[1]);
        }
        assertThat(signatures("ecg", unknownSigner)).isZero();
    }

    HttpResponse<String> nursingSign(String key, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/adapters/nursing/sign"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("X-Medsign-Api-Key", key);
        }
        return send(request.build());
    }

    static String nursingRecord(String recordNo, String nurse, String text) {
        return "{\"recordNo\":\"" + recordNo + "\",\"recordType\":\"护理记录单\",\"nurse\":{\"code\":\"" + nurse
                + "\",\"name\":\"王芳\"},\"body\":\"" + text + "\"}";
    }

    @Test
    void nursingJsonIsAnsweredWithTheSignatureOnce() throws Exception {
        String key = exampleSystem("nursing", "护理系统", "HL");
        String recordNo = "NR" + System.nanoTime();
        String text = "患者神志清楚，生命体征平稳，夜间睡眠可。";
        HttpResponse<String> response = nursingSign(key, nursingRecord(recordNo, "HL0004", text));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("status").asText()).isEqualTo("SIGNED");
        assertThat(answer.get("requestId").asText()).isEqualTo(recordNo);
        assertThat(answer.get("staffId").asText()).isEqualTo("D0004");
        byte[] cms = Base64.getDecoder().decode(answer.get("signature").asText());
        assertThat(OpensslCmsCheck.verify(work, cms, text.getBytes(StandardCharsets.UTF_8), chain()))
                .isEqualTo("D0004");

        HttpResponse<String> again = nursingSign(key, nursingRecord(recordNo, "HL0004", text));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("signatureId").asText()).isEqualTo(answer.get("signatureId").asText());
        assertThat(signatures("nursing", recordNo)).isEqualTo(1);
    }

    @Test
    void nursingJsonErrorsNameTheirCause() throws Exception {
        String key = exampleSystem("nursing", "护理系统", "HL");
        String record = nursingRecord("NE" + System.nanoTime(), "HL0003", "x");
        assertJsonError(nursingSign(null, record), 401, "AUTHENTICATION_REQUIRED");
        assertJsonError(nursingSign(systemKey("his"), record), 403, "WRONG_SYSTEM");
        assertJsonError(nursingSign(key, "{\"recordNo\":"), 400, "JSON_PARSE");
        assertJsonError(nursingSign(key, "{\"recordNo\":\"N1\",\"body\":\"x\"}"), 400, "MISSING_FIELD");
        String unknown = "NE-UNKNOWN-" + System.nanoTime();
        assertJsonError(nursingSign(key, nursingRecord(unknown, "HL9999", "x")), 422, "SIGNER_UNKNOWN");
        assertThat(jdbc.sql("SELECT code FROM inbound_rejection WHERE system_id = 'nursing' AND reference = ?")
                .param(unknown).query(String.class).list()).containsExactly("SIGNER_UNKNOWN");
        assertJsonError(send(HttpRequest.newBuilder(uri("/adapters/nursing/sign")).header("X-Medsign-Api-Key", key)
                .GET().build()), 405, "METHOD_NOT_ALLOWED");
        assertJsonError(send(HttpRequest.newBuilder(uri("/adapters/nursing/other")).header("X-Medsign-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(record)).build()), 404, "UNKNOWN_OPERATION");
    }

    static void assertJsonError(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("status").asText()).isEqualTo("REJECTED");
        assertThat(answer.at("/error/code").asText()).isEqualTo(code);
        assertThat(answer.at("/error/message").asText()).isNotBlank();
    }

    // ---------------------------------------------------------------- statistics

    @Test
    void perSystemStatisticsCountWhatCameInAndWhatWasRefused() throws Exception {
        String controlId = "HISSTAT" + System.nanoTime();
        byte[] message = ("MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId
                + "|P|2.5.1|||||CHN|UNICODE UTF-8\rEVN|T02|20261127093000\rPID|1||P1^^^HOSP^MR||李^雷\r"
                + "TXA|1|PN|TX|20261127092500|D0001^李^医生||20261127092500|||||DOC-" + controlId
                + "||||||AU||||D0001^李^医生\rOBX|1|TX|NOTE^病程记录^L||一般情况可。||||||F\r")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(MllpPeer.field(MllpPeer.send(hisPort, message, StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
        assertThat(MllpPeer.field(MllpPeer.send(hisPort, "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127||ADT^A01|X1|P|2.5\r"
                .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AR");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> signatures("his", controlId) == 1);

        HttpResponse<String> response = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/systems/statistics")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode his = null;
        List<String> systems = new java.util.ArrayList<>();
        for (JsonNode node : JSON.readTree(response.body())) {
            systems.add(node.get("system").asText());
            if (node.get("system").asText().equals("his")) {
                his = node;
            }
        }
        assertThat(systems).contains("his", "lis", "pacs", "anesthesia", "physical-exam");
        assertThat(his).isNotNull();
        assertThat(his.get("signed").asLong()).isPositive();
        assertThat(his.get("received").asLong()).isGreaterThanOrEqualTo(his.get("signed").asLong());
        assertThat(his.get("rejected").asLong()).isPositive();
        assertThat(his.at("/latency/samples").asLong()).isPositive();

        HttpResponse<String> rejections = asAdmin("sysadmin", HttpRequest.newBuilder(
                uri("/api/v1/admin/rejections?system=his&reference=X1")));
        assertThat(rejections.body()).contains("HL7_UNSUPPORTED_MESSAGE_TYPE").doesNotContain("ADT^A01|X1");

        statistics.refresh();
        assertThat(meters.get("medsign.system.requests").tag("system", "his").tag("state", "signed").gauge().value())
                .isPositive();
        assertThat(meters.get("medsign.system.latency").tag("system", "his").tag("quantile", "0.95").gauge().value())
                .isNotNegative();
    }
}
