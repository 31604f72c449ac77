package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Post-based permissions (岗位权限, issue #15 point 2) on a running hub with the embedded default and the HIS (MLLP) and
 * physical-exam (FHIR) route files: the defaults of V31 listed by the API; a 住院医师 (D0004, who holds open windows)
 * refused a 出院小结 with the same final code POST_NOT_PERMITTED over the signing API, HL7 v2 over MLLP (the failure
 * notice) and FHIR (the OperationOutcome), while a 主治医师 signs it; a rule added, changed and deleted through the API
 * takes effect at once and every change is audited; a post changed in the roster applies to the next request; and the
 * API's bad inputs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostPermissionsIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DISCHARGE_SUMMARY = "出院小结";

    static Path home;
    static int hisPort;
    static MllpPeer.Listener his;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        his = new MllpPeer.Listener(StandardCharsets.UTF_8);
        hisPort = freePort();
        Files.writeString(routes.resolve("his.yaml"), Files.readString(Path.of("../routes/his.yaml"))
                .replace("value: \"2575\"", "value: \"" + hisPort + "\"")
                .replace("value: \"2585\"", "value: \"" + his.port() + "\""));
        Files.copy(Path.of("../routes/physical-exam.yaml"), routes.resolve("physical-exam.yaml"));
        registry.add("medsign.routes.dir", routes::toString);
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

    // ---------------------------------------------------------------- the three edges

    @Test
    void aResidentIsRefusedADischargeSummaryWithTheSameFinalCodeOnHttpHl7AndFhir() throws Exception {
        long nonce = System.nanoTime();
        // HTTP: the signing API
        HttpResponse<String> http = signOverHttp("PP-HTTP-" + nonce, "D0004", DISCHARGE_SUMMARY);
        assertThat(http.statusCode()).as(http.body()).isEqualTo(422);
        JsonNode problem = JSON.readTree(http.body());
        assertThat(problem.get("code").asText()).isEqualTo("POST_NOT_PERMITTED");
        assertThat(problem.get("category").asText()).isEqualTo("FINAL_REFUSAL");

        // HL7 v2: MDM^T02 over MLLP, accepted (AA), then the final failure notice (MDM^T04, not LA)
        String controlId = "PPHIS" + nonce;
        String ack = MllpPeer.send(hisPort, mdm(controlId, "D0004", DISCHARGE_SUMMARY), StandardCharsets.UTF_8);
        assertThat(MllpPeer.field(ack, "MSA", 1)).isEqualTo("AA");
        String notice = Awaitility.await("the HIS failure notice").atMost(Duration.ofSeconds(30))
                .until(() -> his.received().stream().filter(m -> m.contains(controlId)).findFirst().orElse(null),
                        java.util.Objects::nonNull);
        assertThat(MllpPeer.field(notice, "MSH", 8)).startsWith("MDM^T04");
        assertThat(MllpPeer.field(notice, "TXA", 17)).as(notice.replace('\r', '\n') + jdbc.sql("SELECT status || ' ' "
                + "|| COALESCE(document_type, '-') FROM signing_request WHERE request_id = ?").param(controlId)
                .query(String.class).single()).isNotEqualTo("LA");
        assertThat(MllpPeer.field(notice, "NTE", 4)).isEqualTo("POST_NOT_PERMITTED^FINAL_REFUSAL^MEDSIGN");
        assertThat(MllpPeer.field(notice, "NTE", 3)).startsWith("POST_NOT_PERMITTED: ")
                .endsWith("(final: do not send it again unchanged)");

        // FHIR: DocumentReference/$sign of the physical-exam system, typed 出院小结
        String identifier = "PPFHIR" + nonce;
        HttpResponse<String> fhir = Awaitility.await("the FHIR final answer").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> fhirSign(documentReference(identifier, "D0004", DISCHARGE_SUMMARY)),
                        response -> response.statusCode() != 202);
        assertThat(fhir.statusCode()).as(fhir.body()).isEqualTo(422);
        JsonNode issue = JSON.readTree(fhir.body()).at("/issue/0");
        assertThat(issue.get("code").asText()).isEqualTo("business-rule");
        assertThat(issue.at("/details/coding/0/code").asText()).isEqualTo("POST_NOT_PERMITTED");
        assertThat(issue.at("/details/coding/1/code").asText()).isEqualTo("FINAL_REFUSAL");

        // nothing signed, no task held, each refusal audited with the code
        for (String[] request : List.of(new String[] {"demo", "PP-HTTP-" + nonce}, new String[] {"his", controlId},
                new String[] {"physical-exam", identifier})) {
            assertThat(jdbc.sql("SELECT status, error_code FROM signing_request WHERE system_id = ? AND request_id = ?")
                    .params(request[0], request[1]).query((rs, n) -> rs.getString(1) + " " + rs.getString(2))
                    .single()).isEqualTo("FAILED POST_NOT_PERMITTED");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE system_id = ? AND request_id = ?")
                    .params(request[0], request[1]).query(Integer.class).single()).isZero();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'SIGN_REFUSED' AND target = ? "
                            + "AND detail = 'POST_NOT_PERMITTED'").param(request[0] + "/" + request[1])
                    .query(Integer.class).single()).isEqualTo(1);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE staff_id = 'D0004'").query(Integer.class)
                .single()).isZero();
    }

    @Test
    void anAttendingPhysicianSignsTheDischargeSummaryAndAScenarioNoRuleNamesStaysOpen() throws Exception {
        long nonce = System.nanoTime();
        HttpResponse<String> attending = signOverHttp("PP-OK-" + nonce, "D0003", DISCHARGE_SUMMARY);
        assertThat(attending.statusCode()).as(attending.body()).isEqualTo(200);
        assertThat(JSON.readTree(attending.body()).get("signatureId").asText()).isNotBlank();
        // the nurse's own documents: no rule names them
        HttpResponse<String> nurse = signOverHttp("PP-NURSE-" + nonce, "D0005", "护理记录");
        assertThat(nurse.statusCode()).as(nurse.body()).isEqualTo(200);
        // a scenario (not a document type) named 出院小结: the defaults name document types only
        HttpResponse<String> scenario = postJson("/api/v1/sign/message", "{\"requestId\":\"PP-SC-" + nonce
                + "\",\"signer\":\"D0004\",\"scenario\":\"出院小结\",\"content\":\"" + b64("x") + "\",\"detached\":true}");
        assertThat(scenario.statusCode()).as(scenario.body()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- the matrix through the API

    @Test
    void theDefaultsAreListed() throws Exception {
        JsonNode rules = JSON.readTree(admin("GET", "/api/v1/ledger/permissions", null).body());
        List<String> listed = new ArrayList<>();
        for (JsonNode rule : rules) {
            if ("migration".equals(rule.get("updatedBy").asText())) {
                listed.add(rule.get("action").asText() + "|" + text(rule, "specialType") + "|" + text(rule, "post")
                        + "|" + text(rule, "minPost") + "|" + text(rule, "department") + "|" + rule.get("system").asText()
                        + "|" + text(rule, "scenario") + "|" + text(rule, "documentType"));
            }
        }
        List<String> expected = new ArrayList<>();
        for (org.medsign.hub.seal.PermissionRule rule : org.medsign.hub.seal.DefaultPermissionRules.ALL) {
            expected.add(rule.action().name() + "|" + rule.specialType() + "|" + rule.post() + "|" + rule.minPost()
                    + "|" + rule.department() + "|" + rule.systemId() + "|" + rule.scenario() + "|"
                    + rule.documentType());
        }
        assertThat(listed).containsExactlyElementsOf(expected);
    }

    @Test
    void aRuleAddedChangedAndDeletedTakesEffectAtOnceAndEveryChangeIsAudited() throws Exception {
        long nonce = System.nanoTime();
        assertThat(signOverHttp("PP-R0-" + nonce, "D0009", DISCHARGE_SUMMARY).statusCode()).isEqualTo(422);

        // residents may sign discharge summaries through the demo system
        HttpResponse<String> created = admin("POST", "/api/v1/ledger/permissions", "{\"action\":\"SIGN\","
                + "\"minPost\":\"住院医师\",\"system\":\"demo\",\"documentType\":\"出院小结\",\"note\":\"演示\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        assertThat(JSON.readTree(created.body()).get("who").asText()).isEqualTo("住院医师及以上");
        assertThat(signOverHttp("PP-R1-" + nonce, "D0009", DISCHARGE_SUMMARY).statusCode()).isEqualTo(200);

        // changed to the LIS only: the demo system is refused again
        HttpResponse<String> changed = admin("PUT", "/api/v1/ledger/permissions/" + id, "{\"action\":\"SIGN\","
                + "\"minPost\":\"住院医师\",\"system\":\"lis\",\"documentType\":\"出院小结\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(JSON.readTree(changed.body()).get("system").asText()).isEqualTo("lis");
        assertThat(signOverHttp("PP-R2-" + nonce, "D0009", DISCHARGE_SUMMARY).statusCode()).isEqualTo(422);

        // the check endpoint says the same, with the rules in scope
        JsonNode check = JSON.readTree(admin("GET", "/api/v1/ledger/permissions/check?staffId=D0009&system=lis"
                + "&documentType=" + java.net.URLEncoder.encode("出院小结", StandardCharsets.UTF_8), null).body());
        assertThat(check.get("allowed").asBoolean()).isTrue();
        assertThat(check.get("post").asText()).isEqualTo("住院医师");
        assertThat(check.get("rules").toString()).contains(String.valueOf(id));
        JsonNode refusedCheck = JSON.readTree(admin("GET", "/api/v1/ledger/permissions/check?staffId=D0009&system=demo"
                + "&documentType=" + java.net.URLEncoder.encode("出院小结", StandardCharsets.UTF_8), null).body());
        assertThat(refusedCheck.get("allowed").asBoolean()).isFalse();
        assertThat(refusedCheck.get("reason").asText()).contains("D0009 (post 住院医师");

        HttpResponse<String> deleted = admin("DELETE", "/api/v1/ledger/permissions/" + id, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(admin("GET", "/api/v1/ledger/permissions/" + id, null).statusCode()).isEqualTo(404);

        List<String> audited = jdbc.sql("SELECT action || ' ' || actor || ' ' || detail FROM audit_event "
                        + "WHERE target = ? ORDER BY seq").param("permission/" + id).query(String.class).list();
        assertThat(audited).hasSize(3);
        assertThat(audited.get(0)).startsWith("PERMISSION_RULE_CREATED secadmin #" + id + " SIGN")
                .contains("system=demo").contains("minPost=住院医师");
        assertThat(audited.get(1)).startsWith("PERMISSION_RULE_CHANGED secadmin #" + id)
                .contains("system=demo").contains("-> #" + id).contains("system=lis");
        assertThat(audited.get(2)).startsWith("PERMISSION_RULE_DELETED secadmin #" + id).contains("system=lis");
    }

    @Test
    void aPostChangedInTheRosterAppliesToTheNextRequest() throws Exception {
        long nonce = System.nanoTime();
        assertThat(signOverHttp("PP-P0-" + nonce, "D0004", "病程记录").statusCode()).isEqualTo(200);
        jdbc.sql("UPDATE staff SET post = '主管护师' WHERE staff_id = 'D0004'").update();
        try {
            assertThat(signOverHttp("PP-P1-" + nonce, "D0004", "病程记录").statusCode()).isEqualTo(422);
        } finally {
            jdbc.sql("UPDATE staff SET post = '住院医师' WHERE staff_id = 'D0004'").update();
        }
    }

    @Test
    void badRulesAreRefusedWithTheReasonAndNothingIsStored() throws Exception {
        int before = JSON.readTree(admin("GET", "/api/v1/ledger/permissions", null).body()).size();
        String[][] cases = {
                {"{\"action\":\"STAMP\",\"post\":\"*\"}", "action must be one of"},
                {"{\"post\":\"*\"}", "action must be one of"},
                {"{\"action\":\"SIGN\",\"post\":\" \",\"department\":\"\",\"documentType\":\"出院小结\"}", "name who"},
                {"{\"action\":\"SIGN\",\"minPost\":\"院长\"}", "is on no title ladder"},
                {"{\"action\":\"SIGN\",\"minPost\":\"*\"}", "is on no title ladder"},
                {"{\"action\":\"SIGN\",\"post\":\"*\",\"system\":\"nosuch\"}", "no system 'nosuch'"},
                {"{\"action\":\"SIGN\",\"post\":\"*\",\"specialType\":\"检验检查专用章\"}", "only for the SPECIAL"},
                {"{\"action\":\"SPECIAL\",\"post\":\"*\",\"specialType\":\"萝卜章\"}", "specialType must be one of"},
                {"{\"action\":\"SIGN\",\"department\":\"" + "科".repeat(101) + "\"}", "department has more than 100"},
                {"{\"action\":\"SIGN\",\"post\":\"*\",\"scenario\":\"" + "s".repeat(65) + "\"}", "scenario has more"},
                {"{\"action\":\"SIGN\",\"post\":\"*\",\"note\":\"a\\u0000b\"}", "control characters"},
                {"{\"action\":\"sign\",\"minPost\":\"主治医师\",\"system\":\"*\",\"documentType\":\"出院小结\"}",
                        "the same rule exists already"}};
        for (String[] bad : cases) {
            HttpResponse<String> answer = admin("POST", "/api/v1/ledger/permissions", bad[0]);
            assertThat(answer.statusCode()).as(bad[0] + " " + answer.body()).isEqualTo(400);
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.get("code").asText()).as(bad[0]).isEqualTo("PERMISSION_RULE_INVALID");
            assertThat(problem.get("detail").asText()).as(bad[0]).contains(bad[1]);
        }
        HttpResponse<String> malformed = admin("POST", "/api/v1/ledger/permissions", "{\"action\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(admin("GET", "/api/v1/ledger/permissions", null).body()).size()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'PERMISSION_RULE_%' AND actor = "
                + "'secadmin' AND detail LIKE '%萝卜章%'").query(Integer.class).single()).isZero();

        // unknown rules, bad ids
        for (String[] unknown : new String[][] {{"PUT", "/api/v1/ledger/permissions/999999"},
                {"DELETE", "/api/v1/ledger/permissions/999999"}, {"GET", "/api/v1/ledger/permissions/abc"}}) {
            HttpResponse<String> answer = admin(unknown[0], unknown[1],
                    "PUT".equals(unknown[0]) ? "{\"action\":\"SIGN\",\"post\":\"主任医师\"}" : null);
            assertThat(answer.statusCode()).as(unknown[1]).isEqualTo(404);
            assertThat(JSON.readTree(answer.body()).get("code").asText()).isEqualTo("PERMISSION_RULE_UNKNOWN");
        }
        // the check's parameters
        assertThat(code(admin("GET", "/api/v1/ledger/permissions/check?system=his", null))).isEqualTo("PARAMETER_MISSING");
        assertThat(code(admin("GET", "/api/v1/ledger/permissions/check?system=his&staffId=NOBODY", null)))
                .isEqualTo("STAFF_UNKNOWN");
        assertThat(code(admin("GET", "/api/v1/ledger/permissions/check?system=his&staffId=D0001&action=STAMP", null)))
                .isEqualTo("INVALID_REQUEST");
        // other administrators and systems
        assertThat(asAdmin("auditadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/permissions")).GET()).statusCode())
                .isEqualTo(403);
        assertThat(asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/permissions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"SIGN\",\"post\":\"*\"}"))).statusCode())
                .isEqualTo(403);
        assertThat(getWithKey("/api/v1/ledger/permissions").statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/ledger/permissions")).GET().build()).statusCode())
                .isEqualTo(401);
    }

    // ---------------------------------------------------------------- helpers

    private HttpResponse<String> signOverHttp(String requestId, String signer, String documentType) {
        return postJson("/api/v1/sign/message", "{\"requestId\":\"" + requestId + "\",\"signer\":\"" + signer
                + "\",\"documentType\":\"" + documentType + "\",\"content\":\"" + b64(documentType + " " + requestId)
                + "\",\"detached\":true}");
    }

    private static byte[] mdm(String controlId, String signer, String documentType) {
        return ("MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId + "|P|2.4\r"
                + "EVN|T02|20261127093000\rPID|1||P123456^^^HOSP^MR||张^三||19800101|M\r"
                + "TXA|1|" + documentType + "|TX|20261127092500|" + signer + "^李^医生||20261127092500|||||DOC-"
                + controlId + "||||||AU||||" + signer + "^李^医生\r"
                + "OBX|1|TX|DISCHARGE^出院小结^L||准予出院。||||||F\r").getBytes(StandardCharsets.UTF_8);
    }

    private static String documentReference(String identifier, String staff, String type) {
        return """
                {"resourceType":"DocumentReference","id":"doc-%1$s",
                 "contained":[{"resourceType":"Practitioner","id":"author",
                   "identifier":[{"system":"urn:hospital:physical-exam:staff","value":"%2$s"}]}],
                 "masterIdentifier":{"system":"urn:hospital:physical-exam:report","value":"%1$s"},
                 "status":"current","type":{"coding":[{"code":"%3$s"}]},"author":[{"reference":"#author"}],
                 "content":[{"attachment":{"contentType":"application/pdf","data":"%4$s"}}]}
                """.formatted(identifier, staff, type, Base64.getEncoder().encodeToString(
                "%PDF-1.4\n% 出院小结\n%%EOF\n".getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> fhirSign(String body) throws IOException {
        String key = Files.readString(home.resolve("secrets").resolve("physical-exam-api-key"),
                StandardCharsets.US_ASCII).trim();
        return send(HttpRequest.newBuilder(uri("/fhir/DocumentReference/$sign"))
                .header("Content-Type", "application/fhir+json").header("X-Medsign-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        request.header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return asAdmin("secadmin", request);
    }

    private static String code(HttpResponse<String> answer) throws IOException {
        return JSON.readTree(answer.body()).get("code").asText();
    }

    private static String text(JsonNode node, String field) {
        return node.get(field).isNull() ? "null" : node.get(field).asText();
    }
}
