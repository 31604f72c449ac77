package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
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
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every accepted request ends in exactly one final answer to its system, in the system's own protocol (issue #12): the
 * route files of the embedded default (HIS MDM and LIS ORU over MLLP, anesthesia through its intermediate table,
 * physical exam over FHIR) plus the documented HTTP JSON example (nursing), with the external TSA configured to a port
 * that refuses connections (every signature fails, two attempts, then the request is dead-lettered), and the signer's
 * certificate frozen between intake and signing (the intake route is stopped meanwhile). Each system gets one failure
 * notice with the reason (transient: "send it again later"; frozen: final), and nothing else while we wait long enough
 * for a duplicate to show. A dead letter replayed once the TSA is back ends with the signed result, which supersedes
 * its notice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "medsign.signing.max-attempts=2", "medsign.signing.sync-timeout=PT1S"})
class FailureNoticeIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset GBK = Charset.forName("GBK");
    /** Long enough for a redelivered reply or a second notice to arrive (the broker redelivers after 1 s, 2 s). */
    private static final Duration QUIET = Duration.ofSeconds(6);
    private static final Duration NOTICE = Duration.ofSeconds(60);

    static Path home;
    static int hisPort;
    static int lisPort;
    static int tsaPort;
    static MllpPeer.Listener his;
    static MllpPeer.Listener lis;
    static String anesthesiaUrl;
    static String nursingKey;

    @Autowired
    org.medsign.hub.mobile.SigningWindows windows;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CamelContext camel;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        tsaPort = freePort();
        registry.add("medsign.pki.external-tsa-url", () -> "http://127.0.0.1:" + tsaPort + "/tsa");
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        his = new MllpPeer.Listener(GBK);
        lis = new MllpPeer.Listener(StandardCharsets.UTF_8);
        hisPort = freePort();
        lisPort = freePort();
        copy(routes, "his.yaml", "2575", hisPort, "2585", his.port());
        copy(routes, "lis.yaml", "2576", lisPort, "2586", lis.port());
        anesthesiaUrl = "jdbc:h2:file:" + home + "/anesthesia;AUTO_SERVER=TRUE";
        Files.writeString(routes.resolve("anesthesia.yaml"), Files.readString(Path.of("../routes/anesthesia.yaml"))
                .replace("value: \"1000\"", "value: \"200\""));
        Files.copy(Path.of("../routes/physical-exam.yaml"), routes.resolve("physical-exam.yaml"));
        Files.copy(Path.of("../docs/examples/routes/nursing.yaml"), routes.resolve("nursing.yaml"));
        nursingKey = null;
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

    // ---------------------------------------------------------------- HL7 MDM (HIS)

    static String mdm(String controlId, String signer) {
        return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId + "|P|2.4|||||CHN|GBK\r"
                + "EVN|T02|20261127093000\rPID|1||P123456^^^HOSP^MR||张^三||19800101|M\r"
                + "TXA|1|DS|TX|20261127092500|" + signer + "^王^医生||20261127092500|||||DOC-" + controlId
                + "|||||AU|||||" + signer + "^王^医生\rOBX|1|TX|DISCHARGE^出院小结^L||准予出院。||||||F\r";
    }

    private List<String> at(MllpPeer.Listener listener, String controlId) {
        return listener.received().stream().filter(message -> message.contains(controlId)).toList();
    }

    /** The one message for {@code controlId}, after checking that no second one arrives. */
    private String exactlyOne(MllpPeer.Listener listener, String controlId) {
        Awaitility.await("the failure notice of " + controlId).atMost(NOTICE)
                .until(() -> at(listener, controlId).size() >= 1);
        Awaitility.await("no second message for " + controlId).during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> at(listener, controlId).size() == 1);
        return at(listener, controlId).get(0);
    }

    @Test
    void hisGetsOneMdmT04FailureNoticeWhenTheTimestampAuthorityIsDown() throws Exception {
        String controlId = "HISF" + System.nanoTime();
        String ack = MllpPeer.send(hisPort, mdm(controlId, "D0001").getBytes(GBK), GBK);
        assertThat(MllpPeer.field(ack, "MSA", 1)).isEqualTo("AA");

        String notice = exactlyOne(his, controlId);
        assertThat(MllpPeer.field(notice, "MSH", 8)).startsWith("MDM^T04");
        assertThat(MllpPeer.field(notice, "MSH", 9)).isEqualTo("MEDSIGNF" + controlId);
        assertThat(MllpPeer.field(notice, "TXA", 17)).as("not legally authenticated").isNotEqualTo("LA");
        assertThat(MllpPeer.field(notice, "NTE", 3)).startsWith("INFRASTRUCTURE_FAILURE: ")
                .endsWith("(transient: send it again later)");
        assertThat(MllpPeer.field(notice, "NTE", 4)).isEqualTo("INFRASTRUCTURE_FAILURE^TRANSIENT^MEDSIGN");
        assertThat(notice).doesNotContain("pkcs7-signature");
        assertThat(status("his", controlId)).isEqualTo("DEAD_LETTER");
        assertThat(signatures("his", controlId)).isZero();
        assertThat(meters.get("medsign.failure.notices").tag("system", "his").tag("category", "TRANSIENT").counter()
                .count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void hisGetsOneFinalMdmT04FailureNoticeWhenTheCertificateIsFrozenBetweenIntakeAndSigning() throws Exception {
        String controlId = "HISZ" + System.nanoTime();
        frozenBeforeSigning("D0002", "his", controlId, () -> MllpPeer.field(MllpPeer.send(hisPort,
                mdm(controlId, "D0002").getBytes(GBK), GBK), "MSA", 1), "AA");

        String notice = exactlyOne(his, controlId);
        assertThat(MllpPeer.field(notice, "MSH", 8)).startsWith("MDM^T04");
        assertThat(MllpPeer.field(notice, "TXA", 17)).isNotEqualTo("LA");
        assertThat(MllpPeer.field(notice, "NTE", 3)).isEqualTo("SIGNER_CERTIFICATE_FROZEN: the signer's certificate "
                + "is frozen (final: do not send it again unchanged)");
        assertThat(MllpPeer.field(notice, "NTE", 4)).isEqualTo("SIGNER_CERTIFICATE_FROZEN^FINAL_REFUSAL^MEDSIGN");
        assertThat(status("his", controlId)).isEqualTo("FAILED");
    }

    @Test
    void aReplayedDeadLetterEndsWithTheSignedResultWhichSupersedesItsNotice() throws Exception {
        String controlId = "HISR" + System.nanoTime();
        assertThat(MllpPeer.field(MllpPeer.send(hisPort, mdm(controlId, "D0003").getBytes(GBK), GBK), "MSA", 1))
                .isEqualTo("AA");
        assertThat(MllpPeer.field(exactlyOne(his, controlId), "NTE", 4))
                .isEqualTo("INFRASTRUCTURE_FAILURE^TRANSIENT^MEDSIGN");

        // replayed while the TSA is still down: dead-lettered again, and the system is not told twice
        assertThat(replay(controlId)).isEqualTo(200);
        Awaitility.await("dead-lettered again").atMost(NOTICE).until(() -> jdbc.sql("SELECT COUNT(*) FROM audit_event "
                + "WHERE action = 'SIGN_DEAD_LETTER' AND target = ?").param("his/" + controlId)
                .query(Integer.class).single() == 2 && "DEAD_LETTER".equals(status("his", controlId)));
        exactlyOne(his, controlId);

        // the TSA is back (a relay to the hub's own TSA on the configured address): the replay signs, and the HIS
        // gets the signed MDM^T04 (TXA-17 LA), the one correction its notice announced
        try (TsaRelay relay = new TsaRelay(tsaPort, port)) {
            assertThat(replay(controlId)).isEqualTo(200);
            Awaitility.await("the signed result").atMost(NOTICE).until(() -> at(his, controlId).size() == 2);
            Awaitility.await("nothing after it").during(QUIET).atMost(QUIET.plusSeconds(5))
                    .until(() -> at(his, controlId).size() == 2);
        }
        String signed = at(his, controlId).get(1);
        assertThat(MllpPeer.field(signed, "TXA", 17)).isEqualTo("LA");
        assertThat(signed).contains("pkcs7-signature");
        assertThat(status("his", controlId)).isEqualTo("DONE");
        assertThat(signatures("his", controlId)).isEqualTo(1);
    }

    private int replay(String requestId) throws Exception {
        JsonNode entries = JSON.readTree(asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters"))
                .GET()).body());
        for (JsonNode entry : entries) {
            if (entry.get("requestId").asText().equals(requestId)) {
                return asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters/"
                        + entry.get("messageId").asText() + "/replay")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.noBody())).statusCode();
            }
        }
        throw new AssertionError("no dead letter for " + requestId + ": " + entries);
    }

    // ---------------------------------------------------------------- HL7 ORU (LIS)

    static String oru(String controlId, String signer) {
        return "MSH|^~\\&|LIS|HOSP|MEDSIGN|HOSP|20261127090000||ORU^R01^ORU_R01|" + controlId
                + "|P|2.5.1|||||CHN|UNICODE UTF-8\rPID|1||P7788^^^HOSP^MR||李^四\r"
                + "OBR|1|ORD-" + controlId + "|LAB-" + controlId + "|BLOOD^血常规^L|||20261127080000"
                + "|".repeat(18) + "F" + "|".repeat(7) + signer + "&李&检验师\r"
                + "OBX|1|NM|WBC^白细胞计数^L||6.2|10*9/L|3.5-9.5||||F\r";
    }

    @Test
    void lisGetsOneOruFailureNoticeWhenTheTimestampAuthorityIsDown() throws Exception {
        String controlId = "LISF" + System.nanoTime();
        assertThat(MllpPeer.field(MllpPeer.send(lisPort, oru(controlId, "D0004").getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");

        String notice = exactlyOne(lis, controlId);
        assertThat(MllpPeer.field(notice, "MSH", 8)).startsWith("ORU^R01");
        assertThat(MllpPeer.field(notice, "OBR", 25)).as("results stored, not yet verified").isEqualTo("R");
        String signatureObx = List.of(notice.split("\r")).stream().filter(s -> s.startsWith("OBX|2|")).findFirst()
                .orElseThrow();
        assertThat(signatureObx.split("\\|", -1)[3]).startsWith("MEDSIGN-CMS^");
        assertThat(signatureObx.split("\\|", -1)[11]).as("results cannot be obtained").isEqualTo("X");
        assertThat(MllpPeer.field(notice, "NTE", 4)).isEqualTo("INFRASTRUCTURE_FAILURE^TRANSIENT^MEDSIGN");
        assertThat(status("lis", controlId)).isEqualTo("DEAD_LETTER");
    }

    @Test
    void lisGetsOneFinalOruFailureNoticeWhenTheCertificateIsFrozenBetweenIntakeAndSigning() throws Exception {
        String controlId = "LISZ" + System.nanoTime();
        frozenBeforeSigning("D0006", "lis", controlId, () -> MllpPeer.field(MllpPeer.send(lisPort,
                oru(controlId, "D0006").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "MSA", 1), "AA");

        String notice = exactlyOne(lis, controlId);
        assertThat(MllpPeer.field(notice, "NTE", 4)).isEqualTo("SIGNER_CERTIFICATE_FROZEN^FINAL_REFUSAL^MEDSIGN");
        assertThat(MllpPeer.field(notice, "NTE", 3)).contains("final: do not send it again");
    }

    // ---------------------------------------------------------------- intermediate table (anesthesia)

    Connection anesthesiaDb() throws SQLException {
        return DriverManager.getConnection(anesthesiaUrl, "sa", "");
    }

    void insertRow(String id, String signer) throws SQLException {
        try (Connection connection = anesthesiaDb(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO sign_queue (id, signer, document_id, document_type, content) VALUES (?, ?, ?, "
                        + "'ANES_RECORD', ?)")) {
            insert.setString(1, id);
            insert.setString(2, signer);
            insert.setString(3, "ANES-" + id);
            insert.setBytes(4, "麻醉记录单：手术顺利。".getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    /** status, error_code, error_text, updated_at of a row. */
    String[] row(String id) throws SQLException {
        try (Connection connection = anesthesiaDb(); PreparedStatement select = connection.prepareStatement(
                "SELECT status, error_code, error_text, updated_at FROM sign_queue WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}
                        : null;
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

    /** The row's final state, after checking that nothing writes it again and its answer was sent once. */
    private String[] answeredOnce(String id, String expectedStatus) throws Exception {
        String[] answered = Awaitility.await("the row's failure notice").atMost(NOTICE)
                .until(() -> row(id), r -> expectedStatus.equals(r[0]));
        Awaitility.await("no second write").during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> java.util.Arrays.equals(row(id), answered));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'RESULT_SENT' AND target = ?")
                .param("request/" + pk("anesthesia", id)).query(Integer.class).single()).isEqualTo(1);
        return answered;
    }

    @Test
    void anesthesiaRowEndsInRetryWithTheReasonWhenTheTimestampAuthorityIsDown() throws Exception {
        awaitTable();
        String id = "ANESF" + System.nanoTime();
        insertRow(id, "D0007");
        String[] row = answeredOnce(id, "RETRY");
        assertThat(row[1]).isEqualTo("INFRASTRUCTURE_FAILURE");
        assertThat(row[2]).startsWith("timestamp authority unavailable");
        assertThat(status("anesthesia", id)).isEqualTo("DEAD_LETTER");
    }

    @Test
    void anesthesiaRowEndsFailedWhenTheCertificateIsFrozenBetweenIntakeAndSigning() throws Exception {
        awaitTable();
        String id = "ANESZ" + System.nanoTime();
        frozenBeforeSigning("D0008", "anesthesia", id, () -> {
            insertRow(id, "D0008");
            return Awaitility.await("accepted").atMost(Duration.ofSeconds(30)).until(() -> row(id)[0],
                    "ACCEPTED"::equals);
        }, "ACCEPTED");
        String[] row = answeredOnce(id, "FAILED");
        assertThat(row[1]).isEqualTo("SIGNER_CERTIFICATE_FROZEN");
    }

    // ---------------------------------------------------------------- FHIR (physical exam)

    static String documentReference(String identifier, String staff) {
        return """
                {"resourceType":"DocumentReference","id":"exam-%1$s",
                 "contained":[{"resourceType":"Practitioner","id":"author",
                   "identifier":[{"system":"urn:hospital:physical-exam:staff","value":"%2$s"}]}],
                 "masterIdentifier":{"system":"urn:hospital:physical-exam:report","value":"%1$s"},
                 "status":"current","author":[{"reference":"#author"}],
                 "content":[{"attachment":{"contentType":"application/pdf","data":"%3$s"}}]}
                """.formatted(identifier, staff, Base64.getEncoder().encodeToString(
                "%PDF-1.4\n% 体检报告\n%%EOF\n".getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> fhirSign(String body) throws IOException {
        return send(HttpRequest.newBuilder(uri("/fhir/DocumentReference/$sign"))
                .header("Content-Type", "application/fhir+json").header("X-Medsign-Api-Key", systemKey("physical-exam"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Polls (sends the same request again) until it is not 202, then checks every answer stays the same. */
    private HttpResponse<String> finalAnswer(Callable<HttpResponse<String>> poll) throws Exception {
        HttpResponse<String> last = Awaitility.await("the final answer").atMost(NOTICE)
                .pollInterval(Duration.ofSeconds(1)).until(poll, response -> response.statusCode() != 202);
        String body = JSON.readTree(last.body()).toString();
        Awaitility.await("the same answer on every poll").during(QUIET).atMost(QUIET.plusSeconds(10))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    HttpResponse<String> again = poll.call();
                    return again.statusCode() == last.statusCode() && JSON.readTree(again.body()).toString()
                            .replaceAll("\"(id|time)\":\"[^\"]*\"", "").equals(body.replaceAll(
                                    "\"(id|time)\":\"[^\"]*\"", ""));
                });
        return last;
    }

    @Test
    void physicalExamPollingAnswersOneTransientOperationOutcomeWhenTheTimestampAuthorityIsDown() throws Exception {
        String identifier = "PEF" + System.nanoTime();
        HttpResponse<String> first = fhirSign(documentReference(identifier, "D0005"));
        assertThat(first.statusCode()).as("accepted (or already failed)").isIn(202, 503);

        HttpResponse<String> answer = finalAnswer(() -> fhirSign(documentReference(identifier, "D0005")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("60");
        JsonNode issue = JSON.readTree(answer.body()).at("/issue/0");
        assertThat(issue.get("code").asText()).isEqualTo("transient");
        assertThat(issue.at("/details/coding/0/code").asText()).isEqualTo("INFRASTRUCTURE_FAILURE");
        assertThat(issue.at("/details/coding/1/code").asText()).isEqualTo("TRANSIENT");
        assertThat(signatures("physical-exam", identifier)).isZero();
    }

    @Test
    void physicalExamPollingAnswersAFinalBusinessRuleWhenTheCertificateIsFrozenBetweenIntakeAndSigning()
            throws Exception {
        String identifier = "PEZ" + System.nanoTime();
        frozenBeforeSigning("D0009", "physical-exam", identifier,
                () -> fhirSign(documentReference(identifier, "D0009")).statusCode(), 202);

        HttpResponse<String> answer = finalAnswer(() -> fhirSign(documentReference(identifier, "D0009")));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(answer.headers().firstValue("Retry-After")).isEmpty();
        JsonNode issue = JSON.readTree(answer.body()).at("/issue/0");
        assertThat(issue.get("code").asText()).isEqualTo("business-rule");
        assertThat(issue.at("/details/coding/0/code").asText()).isEqualTo("SIGNER_CERTIFICATE_FROZEN");
        assertThat(issue.at("/details/coding/1/code").asText()).isEqualTo("FINAL_REFUSAL");
    }

    // ---------------------------------------------------------------- HTTP JSON (nursing) and the REST API

    String nursingKey() {
        if (nursingKey == null) {
            HttpResponse<String> registered = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/systems"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"systemId\":\"nursing\",\"name\":\"护理系统\"}")));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            assertThat(asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/systems/nursing/accounts"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"accounts\":[{\"account\":\"HL0003\",\"staffId\":\"D0003\"},"
                                    + "{\"account\":\"HL0010\",\"staffId\":\"D0010\"}]}"))).statusCode())
                    .isEqualTo(200);
            assertThat(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/systems/nursing/signing-policy"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"policy\":\"window\"}"))).statusCode()).isEqualTo(200);
            // D0003 and D0010 let the nursing system sign for them, as each would in the app
            windows.open("D0003", List.of("nursing"), null, 24);
            windows.open("D0010", List.of("nursing"), null, 24);
            try {
                nursingKey = JSON.readTree(registered.body()).get("apiKey").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return nursingKey;
    }

    HttpResponse<String> nursingSign(String recordNo, String nurse) {
        return send(HttpRequest.newBuilder(uri("/adapters/nursing/sign")).header("Content-Type", "application/json")
                .header("X-Medsign-Api-Key", nursingKey()).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"recordNo\":\"" + recordNo + "\",\"recordType\":\"护理记录单\",\"nurse\":{\"code\":\""
                                + nurse + "\"},\"body\":\"生命体征平稳。\"}")).build());
    }

    @Test
    void nursingJsonPollingAnswersOneTransientFailureWhenTheTimestampAuthorityIsDown() throws Exception {
        String recordNo = "NRF" + System.nanoTime();
        assertThat(nursingSign(recordNo, "HL0003").statusCode()).as("accepted (or already failed)").isIn(202, 503);

        HttpResponse<String> answer = finalAnswer(() -> nursingSign(recordNo, "HL0003"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("60");
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.get("status").asText()).isEqualTo("FAILED");
        assertThat(json.at("/error/code").asText()).isEqualTo("INFRASTRUCTURE_FAILURE");
        assertThat(json.at("/error/category").asText()).isEqualTo("TRANSIENT");
        assertThat(json.at("/error/message").asText()).startsWith("timestamp authority unavailable");
    }

    @Test
    void nursingJsonPollingAnswersAFinalRefusalWhenTheCertificateIsFrozenBetweenIntakeAndSigning() throws Exception {
        String recordNo = "NRZ" + System.nanoTime();
        nursingKey();
        frozenBeforeSigning("D0010", "nursing", recordNo, () -> nursingSign(recordNo, "HL0010").statusCode(), 202);

        HttpResponse<String> answer = finalAnswer(() -> nursingSign(recordNo, "HL0010"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.get("status").asText()).isEqualTo("FAILED");
        assertThat(json.at("/error/code").asText()).isEqualTo("SIGNER_CERTIFICATE_FROZEN");
        assertThat(json.at("/error/category").asText()).isEqualTo("FINAL_REFUSAL");
    }

    @Test
    void theRequestStatusEndpointAnswersTheFinalFailure() throws Exception {
        String transientId = "APIF" + System.nanoTime();
        // accepted (202), or — when both attempts fail within the 1 s synchronous wait — already the final answer
        assertThat(postJson("/api/v1/sign/message", signMessage(transientId, "D0001", "x")).statusCode())
                .as("accepted").isIn(202, 503);
        HttpResponse<String> dead = finalAnswer(() -> getWithKey("/api/v1/requests/" + transientId));
        assertThat(dead.statusCode()).as(dead.body()).isEqualTo(503);
        assertThat(dead.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(JSON.readTree(dead.body()).get("code").asText()).isEqualTo("INFRASTRUCTURE_FAILURE");
        assertThat(JSON.readTree(dead.body()).get("category").asText()).isEqualTo("TRANSIENT");

        String frozenId = "APIZ" + System.nanoTime();
        frozenBeforeSigning("D0004", "demo", frozenId,
                () -> postJson("/api/v1/sign/message", signMessage(frozenId, "D0004", "x")).statusCode(), 202);
        HttpResponse<String> refused = finalAnswer(() -> getWithKey("/api/v1/requests/" + frozenId));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("SIGNER_CERTIFICATE_FROZEN");
        assertThat(JSON.readTree(refused.body()).get("category").asText()).isEqualTo("FINAL_REFUSAL");
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Submits with the intake route stopped (the hub accepts: the signer's certificate is fine), freezes the signer's
     * certificate, then lets the worker run: it finds the certificate frozen and refuses the request. Unfreezes
     * afterwards.
     */
    private <T> void frozenBeforeSigning(String staffId, String system, String requestId, Callable<T> submit,
                                         T accepted) throws Exception {
        String serial = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = ? AND status = 'ACTIVE'")
                .param(staffId).query(String.class).single();
        camel.getRouteController().stopRoute("hub.intake.sign");
        try {
            assertThat(submit.call()).isEqualTo(accepted);
            HttpResponse<String> freeze = asAdmin("secadmin", HttpRequest.newBuilder(
                    uri("/api/v1/ledger/certificates/" + serial + "/freeze")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"on leave\"}")));
            assertThat(freeze.statusCode()).as(freeze.body()).isEqualTo(200);
        } finally {
            camel.getRouteController().startRoute("hub.intake.sign");
        }
        try {
            Awaitility.await("refused by the worker").atMost(NOTICE).until(() -> status(system, requestId),
                    "FAILED"::equals);
        } finally {
            asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/certificates/" + serial + "/unfreeze"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        }
    }

    String status(String system, String requestId) {
        return jdbc.sql("SELECT status FROM signing_request WHERE system_id = ? AND request_id = ?")
                .params(system, requestId).query(String.class).single();
    }

    long pk(String system, String requestId) {
        return jdbc.sql("SELECT id FROM signing_request WHERE system_id = ? AND request_id = ?")
                .params(system, requestId).query(Long.class).single();
    }

    int signatures(String system, String requestId) {
        return jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE system_id = ? AND request_id = ?")
                .params(system, requestId).query(Integer.class).single();
    }

    String systemKey(String system) throws IOException {
        return Files.readString(home.resolve("secrets").resolve(system + "-api-key"), StandardCharsets.US_ASCII).trim();
    }

    /** The external TSA coming back: relays RFC 3161 requests on the configured address to the hub's own TSA. */
    static final class TsaRelay implements AutoCloseable {
        private final HttpServer server;

        TsaRelay(int relayPort, int hubPort) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", relayPort), 0);
            server.createContext("/tsa", exchange -> {
                byte[] query;
                try (InputStream in = exchange.getRequestBody()) {
                    query = in.readAllBytes();
                }
                HttpResponse<byte[]> reply = sendBytes(HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                        + hubPort + "/tsa")).header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(query)).build());
                exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
                exchange.sendResponseHeaders(reply.statusCode(), reply.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
