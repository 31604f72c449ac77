package org.medsign.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.interop.OpensslRecipe;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The signing-service API over real HTTP against a running hub (embedded Artemis, real database): the contract of
 * issue #3, bad input, and OpenSSL checking what comes out. Subclasses choose the database (H2, PostgreSQL).
 */
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
abstract class AbstractSigningApiIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffCertificates certificates;

    @Autowired
    org.medsign.hub.evidence.SealedSignatureValues sealedValues;

    @TempDir
    Path work;

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private JsonNode signOk(String requestId, String signer, String content) {
        HttpResponse<String> response = postJson("/api/v1/sign/message", signMessage(requestId, signer, content));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private String uniqueId(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    /** Adds a staff member mapped into the demo system, with or without an open signing window of their own. */
    private void addStaff(String staffId, boolean authorized) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, created_at, updated_at) "
                + "VALUES (?, '测试医生', '测试科', '住院医师', 'active', ?, ?)").params(staffId, now, now).update();
        jdbc.sql("INSERT INTO system_account (system_id, account, staff_id) VALUES ('demo', ?, ?)")
                .params(staffId, staffId).update();
        if (authorized) {
            jdbc.sql("INSERT INTO signing_authorization (staff_id, system_id, scenario, valid_from, valid_until, revoked, "
                            + "created_by, created_at) VALUES (?, 'demo', NULL, ?, ?, FALSE, ?, ?)")
                    .params(staffId, now, Timestamp.from(Instant.now().plus(Duration.ofDays(1))), "staff:" + staffId,
                            now).update();
        }
    }

    @Test
    void signsAndResubmissionReturnsTheSameSignatureWithoutSigningTwice() {
        String requestId = uniqueId("idem");
        JsonNode first = signOk(requestId, "D0001", "出院小结");
        JsonNode second = signOk(requestId, "D0001", "出院小结");

        assertThat(second.get("signatureId").asText()).isEqualTo(first.get("signatureId").asText());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE system_id = 'demo' AND request_id = ?")
                .param(requestId).query(Integer.class).single()).isEqualTo(1);
        JsonNode record = json(getWithKey("/api/v1/signatures/" + first.get("signatureId").asText()));
        assertThat(record.get("system").asText()).isEqualTo("demo");
        assertThat(record.get("signer").asText()).isEqualTo("D0001");
        assertThat(record.get("certificateSerial").asText()).isEqualTo(first.get("certificateSerial").asText());
        assertThat(record.get("contentSm3").asText())
                .isEqualTo(java.util.HexFormat.of().formatHex(Sm3.digest("出院小结".getBytes(StandardCharsets.UTF_8))));
        assertThat(record.get("signedAt").asText()).isNotBlank();
        assertThat(record.get("timestampTime").asText()).isNotBlank();
    }

    @Test
    void sameRequestIdWithOtherContentIsAConflict() {
        String requestId = uniqueId("reuse");
        signOk(requestId, "D0002", "A");
        HttpResponse<String> response = postJson("/api/v1/sign/message", signMessage(requestId, "D0002", "B"));
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("code").asText()).isEqualTo("REQUEST_ID_REUSED");
    }

    @Test
    void signatureVerifiesWithOpensslAgainstTheHubChainAndThroughTheApi() throws Exception {
        Openssl.assumeAvailable();
        String content = "检查报告：未见异常。";
        JsonNode signed = signOk(uniqueId("ossl"), "D0003", content);
        byte[] cms = Base64.getDecoder().decode(signed.get("cms").asText());

        HttpResponse<String> chainResponse = getWithKey("/api/v1/ca/chain");
        assertThat(chainResponse.statusCode()).isEqualTo(200);
        List<X509CertificateHolder> chain = Pem.parseCertificates(chainResponse.body().getBytes(StandardCharsets.US_ASCII));
        assertThat(chain).hasSize(2);
        assertThat(org.medsign.hub.OpensslCmsCheck.verify(work, cms, content.getBytes(StandardCharsets.UTF_8), chain))
                .isEqualTo("D0003");

        HttpResponse<String> verify = postJson("/api/v1/verify/message", "{\"cms\":\"" + b64(cms) + "\",\"content\":\""
                + b64(content) + "\"}");
        assertThat(json(verify).get("valid").asBoolean()).as(verify.body()).isTrue();
        HttpResponse<String> tampered = postJson("/api/v1/verify/message", "{\"cms\":\"" + b64(cms)
                + "\",\"content\":\"" + b64(content + "!") + "\"}");
        assertThat(json(tampered).get("valid").asBoolean()).isFalse();
        assertThat(json(tampered).get("reason").asText()).isEqualTo("DIGEST_MISMATCH");
    }

    @Test
    void attachedGmFlavourAndRawSignaturesWork() {
        HttpResponse<String> gm = postJson("/api/v1/sign/message", "{\"requestId\":\"" + uniqueId("gm")
                + "\",\"signer\":\"D0004\",\"content\":\"" + b64("GM") + "\",\"detached\":false,\"flavour\":\"GMT0010\"}");
        assertThat(gm.statusCode()).as(gm.body()).isEqualTo(200);
        HttpResponse<String> verify = postJson("/api/v1/verify/message", "{\"cms\":\"" + json(gm).get("cms").asText()
                + "\"}");
        assertThat(json(verify).get("valid").asBoolean()).as(verify.body()).isTrue();
        assertThat(verify.body()).contains("GMT0010");

        HttpResponse<String> raw = postJson("/api/v1/sign/data", "{\"requestId\":\"" + uniqueId("raw")
                + "\",\"signer\":\"D0004\",\"data\":\"" + b64("raw data") + "\",\"encoding\":\"PLAIN\"}");
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(200);
        String signature = json(raw).get("signature").asText();
        assertThat(Base64.getDecoder().decode(signature)).hasSize(64);
        String serial = json(raw).get("certificateSerial").asText();
        HttpResponse<String> pem = getWithKey("/api/v1/certificates/" + serial);
        assertThat(pem.statusCode()).isEqualTo(200);
        HttpResponse<String> verifyData = postJson("/api/v1/verify/data", "{\"certificate\":\"" + b64(pem.body())
                .replace("\n", "") + "\",\"data\":\"" + b64("raw data") + "\",\"signature\":\"" + signature + "\"}");
        assertThat(json(verifyData).get("valid").asBoolean()).as(verifyData.body()).isTrue();
    }

    @Test
    void attachedContentIsSealedAtRestAndEveryReadOfItIsAudited() {
        String content = "病理诊断：sealed-at-rest-" + System.nanoTime();
        HttpResponse<String> signed = postJson("/api/v1/sign/message", "{\"requestId\":\"" + uniqueId("sealed")
                + "\",\"signer\":\"D0004\",\"content\":\"" + b64(content) + "\",\"detached\":false}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        String signatureId = json(signed).get("signatureId").asText();
        byte[] contentBytes = content.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> row = jdbc.sql("SELECT signature_value, value_sealed FROM signature_record "
                + "WHERE signature_id = ?").param(signatureId).query().singleRow();
        assertThat(row.get("value_sealed")).isEqualTo(Boolean.TRUE);
        assertThat(indexOf((byte[]) row.get("signature_value"), contentBytes)).as("document in clear").isEqualTo(-1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'DOCUMENT_CONTENT_READ' AND target = ?")
                .param(signatureId).query(Integer.class).single()).as("signing itself is no read").isZero();

        HttpResponse<String> read = getWithKey("/api/v1/signatures/" + signatureId);
        byte[] cms = Base64.getDecoder().decode(json(read).get("cms").asText());
        assertThat(indexOf(cms, contentBytes)).as("the API hands out the attached CMS").isNotNegative();
        assertThat(jdbc.sql("SELECT actor FROM audit_event WHERE action = 'DOCUMENT_CONTENT_READ' AND target = ?")
                .param(signatureId).query(String.class).list()).containsExactly("system:demo");

        // a row written before V14 (clear) is sealed by the background sweep and reads the same
        jdbc.sql("UPDATE signature_record SET signature_value = ?, value_sealed = FALSE WHERE signature_id = ?")
                .params(cms, signatureId).update();
        assertThat(sealedValues.sealExisting()).isPositive();
        byte[] resealed = jdbc.sql("SELECT signature_value FROM signature_record WHERE signature_id = ?")
                .param(signatureId).query(byte[].class).single();
        assertThat(indexOf(resealed, contentBytes)).isEqualTo(-1);
        assertThat(json(getWithKey("/api/v1/signatures/" + signatureId)).get("cms").asText())
                .isEqualTo(Base64.getEncoder().encodeToString(cms));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void badInputGetsClearProblemDetails() {
        HttpResponse<String> malformed = postJson("/api/v1/sign/message", "{\"requestId\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(json(malformed).get("code").asText()).isEqualTo("MALFORMED_REQUEST");

        HttpResponse<String> missing = postJson("/api/v1/sign/message", "{\"signer\":\"D0001\",\"content\":\"eA==\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing).get("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(json(missing).get("detail").asText()).contains("requestId");

        HttpResponse<String> badBase64 = postJson("/api/v1/sign/message", "{\"requestId\":\"b64\",\"signer\":\"D0001\","
                + "\"content\":\"%%%not base64\"}");
        assertThat(badBase64.statusCode()).isEqualTo(400);
        assertThat(json(badBase64).get("detail").asText()).contains("content is not valid base64");

        HttpResponse<String> wrongType = send(HttpRequest.newBuilder(uri("/api/v1/sign/message"))
                .header("Content-Type", "text/plain").header("X-Medsign-Api-Key", demoKey())
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(json(wrongType).get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

        HttpResponse<String> noKey = send(HttpRequest.newBuilder(uri("/api/v1/sign/message"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(signMessage("nokey", "D0001", "x"))).build());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey).get("code").asText()).isEqualTo("AUTHENTICATION_REQUIRED");

        HttpResponse<String> wrongKey = send(HttpRequest.newBuilder(uri("/api/v1/sign/message"))
                .header("Content-Type", "application/json").header("X-Medsign-Api-Key", "not-a-key")
                .POST(HttpRequest.BodyPublishers.ofString(signMessage("wrongkey", "D0001", "x"))).build());
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(json(wrongKey).get("code").asText()).isEqualTo("AUTHENTICATION_FAILED");

        byte[] big = new byte[15 * 1024 * 1024];
        HttpResponse<String> oversized = postJson("/api/v1/sign/message", signMessage("big", "D0001", "")
                .replace("\"content\":\"\"", "\"content\":\"" + b64(big) + "\""));
        assertThat(oversized.statusCode()).isEqualTo(413);

        for (String requestId : List.of("nokey", "wrongkey", "big")) {
            assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_request WHERE request_id = ?").param(requestId)
                    .query(Integer.class).single()).as("no record half-written for " + requestId).isZero();
        }
    }

    @Test
    void unknownSignerIsRefusedAndLeavesAFailedRecord() {
        String requestId = uniqueId("unknown");
        HttpResponse<String> response = postJson("/api/v1/sign/message", signMessage(requestId, "NOBODY", "x"));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("code").asText()).isEqualTo("SIGNER_UNKNOWN");
        assertThat(jdbc.sql("SELECT status FROM signing_request WHERE request_id = ?").param(requestId)
                .query(String.class).single()).isEqualTo("FAILED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'SIGN_REFUSED' AND target = ?")
                .param("demo/" + requestId).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void frozenRevokedExpiredAndNotYetValidCertificatesAreRefusedWithSpecificErrors() throws Exception {
        addStaff("T9001", true);
        StaffCredential frozen = certificates.issue("T9001", "冻结", "测试科", null, Instant.now(), null);
        HttpResponse<String> freeze = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/ledger/certificates/" + frozen.serial() + "/freeze"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"on leave\"}")));
        assertThat(freeze.statusCode()).as(freeze.body()).isEqualTo(200);
        HttpResponse<String> refused = postJson("/api/v1/sign/message", signMessage(uniqueId("frozen"), "T9001", "x"));
        assertThat(json(refused).get("code").asText()).isEqualTo("SIGNER_CERTIFICATE_FROZEN");
        var crl = new org.bouncycastle.cert.X509CRLHolder(sendBytes(HttpRequest.newBuilder(uri("/crl")).GET().build()).body());
        assertThat(crl.getRevokedCertificate(new java.math.BigInteger(frozen.serial(), 16))).isNotNull();

        asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/certificates/" + frozen.serial() + "/unfreeze"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(postJson("/api/v1/sign/message", signMessage(uniqueId("unfrozen"), "T9001", "x")).statusCode())
                .isEqualTo(200);

        HttpResponse<String> revoke = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/ledger/certificates/" + frozen.serial() + "/revoke"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"keyCompromise\"}")));
        assertThat(revoke.statusCode()).as(revoke.body()).isEqualTo(200);
        assertThat(json(postJson("/api/v1/sign/message", signMessage(uniqueId("revoked"), "T9001", "x")))
                .get("code").asText()).isEqualTo("SIGNER_CERTIFICATE_REVOKED");

        addStaff("T9002", true);
        Instant past = Instant.now().minus(Duration.ofDays(400));
        certificates.issue("T9002", "过期", "测试科", null, past, past.plus(Duration.ofDays(30)));
        assertThat(json(postJson("/api/v1/sign/message", signMessage(uniqueId("expired"), "T9002", "x")))
                .get("code").asText()).isEqualTo("SIGNER_CERTIFICATE_EXPIRED");

        addStaff("T9003", true);
        Instant future = Instant.now().plus(Duration.ofDays(10));
        certificates.issue("T9003", "未生效", "测试科", null, future, future.plus(Duration.ofDays(30)));
        assertThat(json(postJson("/api/v1/sign/message", signMessage(uniqueId("future"), "T9003", "x")))
                .get("code").asText()).isEqualTo("SIGNER_CERTIFICATE_NOT_YET_VALID");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE staff_id IN ('T9002', 'T9003')")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void withoutAuthorizationTheRequestBecomesAPendingTask() {
        addStaff("T9100", false);
        certificates.issue("T9100", "待授权", "测试科", null, Instant.now(), null);
        String requestId = uniqueId("pending");
        HttpResponse<String> response = postJson("/api/v1/sign/message", signMessage(requestId, "T9100", "x"));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("status").asText()).isEqualTo("PENDING");
        HttpResponse<String> tasks = getWithKey("/api/v1/tasks");
        assertThat(tasks.body()).contains(requestId);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_id = ?").param(requestId)
                .query(Integer.class).single()).isZero();
    }

    /**
     * The signing policy (issue #13): {@code auto} signs for an organisation (a department certificate held by the hub)
     * and never for a person, who waits for the confirmation even with an open window; an organisation under another
     * policy is refused finally; the policy and kind calls refuse bad input; blanket authorizations are retired.
     */
    @Test
    void autoSignsOnlyForOrganisationsAndBlanketAuthorizationsAreRetired() {
        addStaff("T9200", false);
        certificates.issue("T9200", "检验科", "检验科", null, Instant.now(), null);
        HttpResponse<String> kind = admin("PUT", "/api/v1/ledger/staff/T9200/signer-kind", "{\"kind\":\"organisation\"}");
        assertThat(kind.statusCode()).as(kind.body()).isEqualTo(200);
        assertThat(json(kind).get("kind").asText()).isEqualTo("organisation");

        HttpResponse<String> underWindow = postJson("/api/v1/sign/message", signScenario(uniqueId("org"), "T9200", null));
        assertThat(underWindow.statusCode()).as(underWindow.body()).isEqualTo(422);
        assertThat(json(underWindow).get("code").asText()).isEqualTo("POLICY_FORBIDS_SIGNER");

        HttpResponse<String> auto = admin("PUT", "/api/v1/ledger/systems/demo/signing-policy",
                "{\"policy\":\"auto\",\"scenario\":\"org-report\"}");
        assertThat(auto.statusCode()).as(auto.body()).isEqualTo(200);
        assertThat(json(auto).at("/scenarios/org-report").asText()).isEqualTo("auto");
        assertThat(json(auto).get("policy").asText()).isEqualTo("window");
        HttpResponse<String> organisation = postJson("/api/v1/sign/message",
                signScenario(uniqueId("org"), "T9200", "org-report"));
        assertThat(organisation.statusCode()).as(organisation.body()).isEqualTo(200);
        assertThat(json(organisation).get("status").asText()).isEqualTo("DONE");
        HttpResponse<String> person = postJson("/api/v1/sign/message",
                signScenario(uniqueId("person"), "D0001", "org-report"));
        assertThat(person.statusCode()).as("a person under auto: confirm, the window does not count").isEqualTo(202);
        assertThat(json(person).get("status").asText()).isEqualTo("PENDING");
        assertThat(json(person).get("taskId").asLong()).isPositive();

        assertThat(json(admin("PUT", "/api/v1/ledger/systems/demo/signing-policy", "{\"policy\":\"sometimes\"}"))
                .get("code").asText()).isEqualTo("SIGNING_POLICY_INVALID");
        assertThat(json(admin("PUT", "/api/v1/ledger/systems/nowhere/signing-policy", "{\"policy\":\"confirm\"}"))
                .get("code").asText()).isEqualTo("SYSTEM_UNKNOWN");
        assertThat(json(admin("PUT", "/api/v1/ledger/staff/T9200/signer-kind", "{\"kind\":\"robot\"}"))
                .get("code").asText()).isEqualTo("SIGNER_KIND_INVALID");
        HttpResponse<String> retired = admin("POST", "/api/v1/ledger/authorizations",
                "{\"system\":\"demo\",\"staffIds\":[\"D0002\"],\"validDays\":30}");
        assertThat(retired.statusCode()).isEqualTo(422);
        assertThat(json(retired).get("code").asText()).isEqualTo("AUTHORIZATION_RETIRED");
        assertThat(admin("DELETE", "/api/v1/ledger/systems/demo/signing-policy/org-report", null).statusCode())
                .isEqualTo(200);
        assertThat(json(admin("DELETE", "/api/v1/ledger/systems/demo/signing-policy/org-report", null))
                .get("code").asText()).isEqualTo("SIGNING_POLICY_UNKNOWN");
    }

    private HttpResponse<String> admin(String method, String path, String json) {
        return asAdmin("secadmin", HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String signScenario(String requestId, String signer, String scenario) {
        return "{\"requestId\":\"" + requestId + "\",\"signer\":\"" + signer + "\",\"content\":\""
                + java.util.Base64.getEncoder().encodeToString("检验报告".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "\",\"detached\":true" + (scenario == null ? "" : ",\"scenario\":\"" + scenario + "\"") + "}";
    }

    @Test
    void tsaAnswersRfc3161OverHttpAndRejectsGarbage() throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        byte[] query = generator.generate(org.medsign.crypto.operator.Digests.SM3, Sm3.digest("x".getBytes()),
                java.math.BigInteger.TEN).getEncoded();
        HttpResponse<byte[]> reply = sendBytes(HttpRequest.newBuilder(uri("/tsa"))
                .header("Content-Type", "application/timestamp-query").POST(HttpRequest.BodyPublishers.ofByteArray(query))
                .build());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/timestamp-reply");
        TimeStampResponse response = new TimeStampResponse(reply.body());
        assertThat(response.getStatus()).isZero();
        assertThat(response.getTimeStampToken().getTimeStampInfo().getNonce()).isEqualTo(java.math.BigInteger.TEN);

        HttpResponse<byte[]> garbage = sendBytes(HttpRequest.newBuilder(uri("/tsa"))
                .header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofByteArray("garbage".getBytes())).build());
        assertThat(garbage.statusCode()).isEqualTo(200);
        TimeStampResponse rejection = new TimeStampResponse(garbage.body());
        assertThat(rejection.getStatus()).isEqualTo(2);
        assertThat(rejection.getFailInfo().intValue()).isEqualTo(org.bouncycastle.asn1.cmp.PKIFailureInfo.badDataFormat);

        HttpResponse<String> wrongType = send(HttpRequest.newBuilder(uri("/tsa")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(wrongType.statusCode()).isEqualTo(415);
    }

    @Test
    void opensslTimestampQueryAndOcspAgainstTheRunningHub() throws Exception {
        Openssl.assumeAvailable();
        Files.writeString(work.resolve("doc.txt"), "time me");
        Openssl.run(work, "ts", "-query", "-data", "doc.txt", "-sm3", "-cert", "-out", "q.tsq").ok();
        HttpResponse<byte[]> reply = sendBytes(HttpRequest.newBuilder(uri("/tsa"))
                .header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofFile(work.resolve("q.tsq"))).build());
        Files.write(work.resolve("a.tsr"), reply.body());
        assertThat(Openssl.run(work, "ts", "-reply", "-in", "a.tsr", "-text").ok().out()).contains("Status: Granted.")
                .contains("Hash Algorithm: sm3");
        TimeStampResponse response = new TimeStampResponse(reply.body());
        String commands = OpensslRecipe.write(work.resolve("ts"),
                List.of(OpensslRecipe.forTimestampToken(response.getTimeStampToken(), "timestamp")));
        Openssl.exec(work.resolve("ts"), Map.of(), List.of("sh", "-c", "set -e\n" + commands)).ok();

        String serial = signOk(uniqueId("ocsp"), "D0005", "x").get("certificateSerial").asText();
        Files.writeString(work.resolve("issuing.pem"), getWithKey("/api/v1/ca/chain").body());
        Openssl.Result good = Openssl.run(work, "ocsp", "-issuer", "issuing.pem", "-serial", "0x" + serial, "-url",
                "http://localhost:" + port + "/ocsp", "-noverify", "-resp_text");
        assertThat(good.out()).contains("Cert Status: good");
    }

    @Test
    void rolesAreSeparatedAndHealthMetricsAndOpenApiAreServed() {
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        HttpResponse<String> details = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/actuator/health")).GET());
        assertThat(details.body()).contains("\"db\"").contains("\"jms\"").contains("\"pki\"");

        signOk(uniqueId("metrics"), "D0006", "x");
        HttpResponse<String> prometheus = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + metricsToken()).GET().build());
        assertThat(prometheus.body()).contains("medsign_signatures_total{outcome=\"signed\",system=\"demo\"}")
                .contains("medsign_signing_latency_seconds_bucket").contains("medsign_queue_depth");

        HttpResponse<String> apiDocs = send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build());
        assertThat(apiDocs.body()).contains("/api/v1/sign/message").contains("/api/v1/verify/message");

        assertThat(asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters")).GET()).statusCode())
                .isEqualTo(200);
        assertThat(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters")).GET()).statusCode())
                .isEqualTo(403);
        assertThat(asAdmin("auditadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/certificates/00/freeze"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
        assertThat(getWithKey("/api/v1/admin/dead-letters").statusCode()).isEqualTo(403);
        HttpResponse<String> hawtio = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/actuator/hawtio/")).GET());
        assertThat(hawtio.statusCode()).isIn(200, 302);
        assertThat(asAdmin("auditadmin", HttpRequest.newBuilder(uri("/actuator/hawtio/")).GET()).statusCode())
                .isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'ACCESS_DENIED'").query(Integer.class)
                .single()).isPositive();
    }

    @Test
    void timestampApiCreatesAndVerifiesTokens() {
        HttpResponse<String> created = postJson("/api/v1/timestamps", "{\"data\":\"" + b64("data") + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String token = json(created).get("token").asText();
        HttpResponse<String> verified = postJson("/api/v1/timestamps/verify", "{\"token\":\"" + token + "\",\"data\":\""
                + b64("data") + "\"}");
        assertThat(json(verified).get("valid").asBoolean()).as(verified.body()).isTrue();
        HttpResponse<String> other = postJson("/api/v1/timestamps/verify", "{\"token\":\"" + token + "\",\"data\":\""
                + b64("other") + "\"}");
        assertThat(json(other).get("reason").asText()).isEqualTo("TIMESTAMP_IMPRINT_MISMATCH");
    }
}
