package org.medsign.hub.lifecycle.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.medsign.crypto.ca.CaHierarchy;
import org.medsign.crypto.ca.CaSettings;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.ca.CertificateStatus;
import org.medsign.crypto.ca.EmbeddedCertificateAuthority;
import org.medsign.crypto.ca.InMemoryCertificateStore;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.sm.Sm2;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.ledger.HospitalSystems;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.lifecycle.operations.CertificateOperations;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.mobile.SigningWindows;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Renewal campaigns and reissues over real HTTP against a running hub (H2): a dry run plans (what is renewed, what is
 * skipped and why) and changes nothing; starting it renews every planned certificate once, without a validity gap,
 * switches signing to the new certificate while the old one still verifies what it signed, and records history and
 * audit; imported certificates become hub-held ones; {@code rekey:false} re-certifies the held key; reissue after
 * loss and after a roster change revokes the old certificate with the right RFC 5280 reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RenewalCampaignIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEPARTMENT = "心内科";
    private static final int REGULAR = 12;
    static Path home;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffCertificates certificates;
    @Autowired
    CertificateOperations operations;
    @Autowired
    HospitalSystems systems;
    @Autowired
    SigningWindows windows;
    @Autowired
    HubPki pki;

    private final Map<String, String> serialOf = new HashMap<>();
    private String externalSerial;
    private long dryRunId;
    private String signatureBefore;
    private String contentBefore;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        registry.add("medsign.campaign.batch-size", () -> "5");
    }

    @Override
    protected Path home() {
        return home;
    }

    @BeforeAll
    void roster() throws Exception {
        Instant now = Instant.now();
        for (int i = 1; i <= REGULAR + 5; i++) {
            String id = String.format("C%04d", i);
            String status = i == REGULAR + 1 ? "left" : i == REGULAR + 2 ? "on_leave" : "active";
            staff(id, "医生" + i, status);
            // expiring in 20 days (the last one: in 300 days, not selected)
            Instant notAfter = i == REGULAR + 5 ? now.plus(Duration.ofDays(300)) : now.plus(Duration.ofDays(20));
            serialOf.put(id, certificates.issue(id, "医生" + i, DEPARTMENT, "主治医师", now.minus(Duration.ofDays(700)),
                    notAfter).serial());
            systems.mapAccount("demo", id, id);
            windows.open(id, List.of("demo"), null, SigningWindows.MAX_HOURS); // as the signer would in the app
        }
        // C0015: two valid certificates (duplicate); C0016: frozen
        serialOf.put("C0015b", certificates.issue("C0015", "医生15", DEPARTMENT, "主治医师", now.minus(Duration.ofDays(10)),
                now.plus(Duration.ofDays(30))).serial());
        operations.freeze(serialOf.get("C0016"), "休假", "secadmin", "SECURITY_ADMIN");
        // C0018: a certificate from another CA, key not in the hub (imported)
        staff("C0018", "外部医生", "active");
        CaHierarchy other = CaHierarchy.create(new X500Name("CN=某省CA,O=某省数字证书认证中心,C=CN"), CaSettings.defaults(),
                Clock.systemUTC());
        EmbeddedCertificateAuthority otherCa = EmbeddedCertificateAuthority.builder().issuingKey(other.issuingKey())
                .issuingCertificate(other.issuing()).issuers(List.of(other.root())).store(new InMemoryCertificateStore())
                .settings(CaSettings.defaults()).clock(Clock.systemUTC()).build();
        X509CertificateHolder external = otherCa.issue(CertificateRequest.builder()
                .subject(new X500Name("CN=外部医生,OU=" + DEPARTMENT + ",SERIALNUMBER=C0018,C=CN"))
                .publicKey(Sm2.toSubjectPublicKeyInfo(Sm2.generateKeyPair(new java.security.SecureRandom()).publicKey()))
                .validity(now.minus(Duration.ofDays(700)), now.plus(Duration.ofDays(15))).build());
        String body = JSON.writeValueAsString(Map.of(
                "staffCsv", "staff_id,name,id_card_no,department,post,employment_status,mobile\n"
                        + "C0018,外部医生,," + DEPARTMENT + ",主治医师,active,\n",
                "accountsCsv", "system,account,staff_id\n",
                "certificates", List.of(Map.of("name", "c0018.der", "content",
                        Base64.getEncoder().encodeToString(external.getEncoded())))));
        HttpResponse<String> imported = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/import"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        externalSerial = SerialNumbers.hex(external.getSerialNumber());
    }

    private void staff(String id, String name, String status) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, created_at, updated_at) "
                + "VALUES (?, ?, ?, '主治医师', ?, ?, ?)").params(id, name, DEPARTMENT, status, now, now).update();
    }

    private HttpResponse<String> post(String user, String path, String json) {
        return asAdmin(user, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = asAdmin("secadmin", HttpRequest.newBuilder(uri(path)).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) value).toInstant();
    }

    private Map<String, Integer> snapshot() {
        Map<String, Integer> counts = new HashMap<>();
        for (String table : List.of("staff_certificate", "ca_certificate", "hub_key", "certificate_history",
                "ca_revocation")) {
            counts.put(table, jdbc.sql("SELECT COUNT(*) FROM " + table).query(Integer.class).single());
        }
        counts.put("active", jdbc.sql("SELECT COUNT(*) FROM staff_certificate WHERE status = 'ACTIVE'")
                .query(Integer.class).single());
        return counts;
    }

    private JsonNode sign(String signer, String text) throws Exception {
        String content = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = postJson("/api/v1/sign/message", "{\"requestId\":\"" + signer + "-"
                + System.nanoTime() + "\",\"signer\":\"" + signer + "\",\"content\":\"" + content + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    @Order(1)
    void dryRunPlansWhatIsRenewedAndSkippedAndChangesNothing() throws Exception {
        JsonNode signed = sign("C0001", "出院小结 before");
        assertThat(signed.get("certificateSerial").asText()).isEqualTo(serialOf.get("C0001"));
        signatureBefore = signed.get("cms").asText();
        contentBefore = Base64.getEncoder().encodeToString("出院小结 before".getBytes(StandardCharsets.UTF_8));

        Map<String, Integer> before = snapshot();
        HttpResponse<String> response = post("secadmin", "/api/v1/ledger/campaigns",
                "{\"categories\": [\"expiring\"], \"dryRun\": true}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode plan = JSON.readTree(response.body());
        dryRunId = plan.get("id").asLong();
        assertThat(plan.get("state").asText()).isEqualTo("PLANNED");
        assertThat(plan.get("dryRun").asBoolean()).isTrue();
        // 12 regular + left + on leave + 2 duplicates + frozen + imported = 18; C0017 (300 days) is not expiring
        assertThat(plan.get("total").asInt()).isEqualTo(18);
        assertThat(plan.get("done").asInt()).isZero();
        assertThat(plan.get("failed").asInt()).isZero();
        assertThat(plan.get("skipped").asInt()).isEqualTo(5);
        assertThat(plan.get("planned").asInt()).isEqualTo(13);
        assertThat(JSON.convertValue(plan.get("skippedByReason"), Map.class)).isEqualTo(Map.of("HOLDER_LEFT", 1,
                "HOLDER_NOT_ACTIVE", 1, "DUPLICATE", 2, "FROZEN", 1));
        List<String> reasons = new ArrayList<>();
        plan.get("items").forEach(item -> reasons.add(item.get("serial").asText() + " " + item.get("state").asText()
                + " " + item.get("reason").asText()));
        assertThat(reasons).contains(serialOf.get("C0013") + " SKIPPED 持有人已离职",
                serialOf.get("C0016") + " SKIPPED 证书已冻结：请先解冻或补办",
                serialOf.get("C0001") + " PLANNED 待更新", externalSerial + " PLANNED 待更新");
        assertThat(snapshot()).as("a dry run changes no certificate, key, CA record or history").isEqualTo(before);
        assertThat(get("/api/v1/ledger/campaigns/" + dryRunId).get("state").asText()).isEqualTo("PLANNED");
        assertThat(get("/api/v1/ledger/campaigns").get(0).get("id").asLong()).isEqualTo(dryRunId);
    }

    @Test
    @Order(2)
    void startingThePlanRenewsEachPlannedCertificateOnceWithoutAGap() throws Exception {
        HttpResponse<String> started = post("secadmin", "/api/v1/ledger/campaigns/" + dryRunId + "/start", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        Awaitility.await("campaign done").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !get("/api/v1/ledger/campaigns/" + dryRunId).get("state").asText().equals("RUNNING"));
        JsonNode campaign = get("/api/v1/ledger/campaigns/" + dryRunId);
        assertThat(campaign.get("state").asText()).isEqualTo("DONE");
        assertThat(campaign.get("done").asInt()).isEqualTo(13);
        assertThat(campaign.get("skipped").asInt()).isEqualTo(5);
        assertThat(campaign.get("failed").asInt()).isZero();
        assertThat(campaign.get("total").asInt()).isEqualTo(18);

        JsonNode items = get("/api/v1/ledger/campaigns/" + dryRunId + "/items?state=DONE");
        assertThat(items).hasSize(13);
        for (JsonNode item : items) {
            String oldSerial = item.get("serial").asText();
            String newSerial = item.get("newSerial").asText();
            Map<String, Object> old = jdbc.sql("SELECT status, not_after FROM staff_certificate WHERE serial = ?")
                    .param(oldSerial).query().singleRow();
            Map<String, Object> renewed = jdbc.sql("SELECT status, not_before, key_custody, key_alias, replaces_serial, "
                    + "staff_id FROM staff_certificate WHERE serial = ?").param(newSerial).query().singleRow();
            assertThat(old.get("status")).isEqualTo("SUPERSEDED");
            assertThat(renewed.get("status")).isEqualTo("ACTIVE");
            assertThat(renewed.get("key_custody")).isEqualTo("HUB");
            assertThat(renewed.get("key_alias")).isNotNull();
            assertThat(renewed.get("replaces_serial")).isEqualTo(oldSerial);
            assertThat(instant(renewed.get("not_before"))).as("no gap").isBeforeOrEqualTo(instant(old.get("not_after")));
            // the old one stays good at the CA: it still verifies what it signed
            if (!oldSerial.equals(externalSerial)) {
                assertThat(pki.authority().status(SerialNumbers.parseHex(oldSerial)).state())
                        .isEqualTo(CertificateStatus.State.GOOD);
            }
            assertThat(jdbc.sql("SELECT action FROM certificate_history WHERE serial = ? ORDER BY id").param(oldSerial)
                    .query(String.class).list()).endsWith("SUPERSEDED");
            assertThat(jdbc.sql("SELECT action FROM certificate_history WHERE serial = ?").param(newSerial)
                    .query(String.class).list()).containsExactly("RENEWED");
            assertThat(item.get("mode").asText()).isEqualTo(oldSerial.equals(externalSerial) ? "REPLACE" : "REKEY");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'CERTIFICATE_RENEW' AND outcome = "
                + "'SUCCESS'").query(Integer.class).single()).isEqualTo(13);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'CAMPAIGN_ITEM_SKIPPED'")
                .query(Integer.class).single()).isEqualTo(5);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'CAMPAIGN_FINISH'")
                .query(Integer.class).single()).isEqualTo(1);

        // the imported holder now has a hub-held certificate with the roster's subject
        String replacement = jdbc.sql("SELECT new_serial FROM renewal_campaign_item WHERE old_serial = ?")
                .param(externalSerial).query(String.class).single();
        X509CertificateHolder renewed = Pem.certificate(jdbc.sql("SELECT der FROM staff_certificate WHERE serial = ?")
                .param(replacement).query(byte[].class).single());
        assertThat(renewed.getIssuer()).isEqualTo(pki.issuing().getSubject());
        assertThat(renewed.getSubject().toString()).contains("CN=外部医生").contains("OU=" + DEPARTMENT)
                .contains("SERIALNUMBER=C0018");

        // signing switched to the new certificate; the old signature still verifies
        String newSerial = jdbc.sql("SELECT new_serial FROM renewal_campaign_item WHERE old_serial = ?")
                .param(serialOf.get("C0001")).query(String.class).single();
        assertThat(sign("C0001", "出院小结 after").get("certificateSerial").asText()).isEqualTo(newSerial);
        HttpResponse<String> verified = postJson("/api/v1/verify/message", "{\"cms\":\"" + signatureBefore
                + "\",\"content\":\"" + contentBefore + "\"}");
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(JSON.readTree(verified.body()).get("valid").asBoolean()).as(verified.body()).isTrue();

        // the report: JSON and CSV
        JsonNode report = get("/api/v1/ledger/campaigns/" + dryRunId + "/report");
        assertThat(report.get("items")).hasSize(18);
        HttpResponse<String> csv = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/ledger/campaigns/" + dryRunId + "/report?format=csv")).GET());
        assertThat(csv.body()).startsWith("\uFEFFseq,old_serial,staff_id,department").contains(",DONE,REKEY,")
                .contains("持有人处于停职状态").hasLineCount(19);
    }

    @Test
    @Order(3)
    void aRenewedCertificateIsNotRenewedAgainAndRekeyFalseRecertifiesTheHeldKey() throws Exception {
        HttpResponse<String> again = post("secadmin", "/api/v1/ledger/campaigns",
                "{\"serials\": [\"" + serialOf.get("C0002") + "\"]}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        long id = JSON.readTree(again.body()).get("id").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !get("/api/v1/ledger/campaigns/" + id)
                .get("state").asText().equals("RUNNING"));
        JsonNode campaign = get("/api/v1/ledger/campaigns/" + id);
        assertThat(campaign.get("skipped").asInt()).isEqualTo(1);
        assertThat(campaign.get("skippedByReason").get("ALREADY_RENEWED").asInt()).isEqualTo(1);

        String current = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'C0003' AND status = 'ACTIVE'")
                .query(String.class).single();
        String alias = jdbc.sql("SELECT key_alias FROM staff_certificate WHERE serial = ?").param(current)
                .query(String.class).single();
        HttpResponse<String> recertify = post("secadmin", "/api/v1/ledger/campaigns",
                "{\"staffIds\": [\"C0003\"], \"rekey\": false}");
        long recertifyId = JSON.readTree(recertify.body()).get("id").asLong();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/ledger/campaigns/" + recertifyId)
                .get("state").asText().equals("DONE"));
        JsonNode item = get("/api/v1/ledger/campaigns/" + recertifyId + "/items").get(0);
        assertThat(item.get("mode").asText()).isEqualTo("RECERTIFY");
        Map<String, Object> renewed = jdbc.sql("SELECT key_alias, der FROM staff_certificate WHERE serial = ?")
                .param(item.get("newSerial").asText()).query().singleRow();
        assertThat(renewed.get("key_alias")).isEqualTo(alias);
        X509CertificateHolder oldCertificate = Pem.certificate(jdbc.sql("SELECT der FROM staff_certificate WHERE "
                + "serial = ?").param(current).query(byte[].class).single());
        assertThat(Pem.certificate((byte[]) renewed.get("der")).getSubjectPublicKeyInfo())
                .isEqualTo(oldCertificate.getSubjectPublicKeyInfo());
    }

    @Test
    @Order(4)
    void badSelectionsAndOtherRolesAreRefused() {
        assertThat(post("secadmin", "/api/v1/ledger/campaigns", "{\"dryRun\": true}").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = post("secadmin", "/api/v1/ledger/campaigns", "{\"categories\": [\"missing\"]}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("CAMPAIGN_CATEGORY_INVALID");
        assertThat(post("auditadmin", "/api/v1/ledger/campaigns", "{\"categories\": [\"expiring\"]}").statusCode())
                .isEqualTo(403);
        assertThat(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/campaigns/999999")).GET())
                .statusCode()).isEqualTo(404);
        assertThat(post("secadmin", "/api/v1/ledger/campaigns/" + dryRunId + "/start", "").statusCode())
                .isEqualTo(409);
    }

    @Test
    @Order(5)
    void reissueAfterLossRevokesTheOldCertificateAsCompromisedAndSignsWithTheNewOne() throws Exception {
        String old = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'C0004' AND status = 'ACTIVE'")
                .query(String.class).single();
        HttpResponse<String> response = post("secadmin", "/api/v1/ledger/certificates/" + old + "/reissue",
                "{\"kind\": \"LOSS\", \"reason\": \"UKey 遗失\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        String newSerial = answer.get("newSerial").asText();
        assertThat(answer.get("revocationReason").asText()).isEqualTo("keyCompromise");
        assertThat(pki.authority().status(new BigInteger(old, 16)).revocation().reason()).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(jdbc.sql("SELECT status FROM staff_certificate WHERE serial = ?").param(old).query(String.class)
                .single()).isEqualTo("REVOKED");
        assertThat(sign("C0004", "病程记录").get("certificateSerial").asText()).isEqualTo(newSerial);
        List<Map<String, Object>> history = jdbc.sql("SELECT serial, operator, action, reason FROM certificate_history "
                + "WHERE serial IN (?, ?) ORDER BY id").params(old, newSerial).query().listOfRows();
        assertThat(history.get(history.size() - 2)).containsEntry("action", "REVOKED").containsEntry("operator", "secadmin");
        assertThat((String) history.get(history.size() - 1).get("reason")).contains("LOSS").contains("UKey 遗失");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'CERTIFICATE_REISSUE' AND target = ?")
                .param(old).query(Integer.class).single()).isEqualTo(1);

        HttpResponse<String> twice = post("secadmin", "/api/v1/ledger/certificates/" + old + "/reissue",
                "{\"kind\": \"LOSS\", \"reason\": \"again\"}");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(post("secadmin", "/api/v1/ledger/certificates/ABCDEF/reissue",
                "{\"kind\": \"LOSS\", \"reason\": \"x\"}").statusCode()).isEqualTo(404);
        assertThat(post("secadmin", "/api/v1/ledger/certificates/" + newSerial + "/reissue",
                "{\"kind\": \"STOLEN\", \"reason\": \"x\"}").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(6)
    void informationUpdateReissuesWithTheRostersNewDepartment() throws Exception {
        jdbc.sql("UPDATE staff SET department = '急诊科', post = '副主任医师' WHERE staff_id = 'C0005'").update();
        String old = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'C0005' AND status = 'ACTIVE'")
                .query(String.class).single();
        HttpResponse<String> response = post("secadmin", "/api/v1/ledger/certificates/" + old + "/reissue",
                "{\"kind\": \"INFO_UPDATE\", \"reason\": \"调岗至急诊科\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String newSerial = JSON.readTree(response.body()).get("newSerial").asText();
        X509CertificateHolder renewed = Pem.certificate(jdbc.sql("SELECT der FROM staff_certificate WHERE serial = ?")
                .param(newSerial).query(byte[].class).single());
        assertThat(renewed.getSubject().toString()).contains("OU=急诊科").contains("T=副主任医师").contains("CN=医生5");
        assertThat(pki.authority().status(new BigInteger(old, 16)).revocation().reason())
                .isEqualTo(RevocationReason.AFFILIATION_CHANGED);

        // a frozen certificate (C0016) can be reissued after damage
        HttpResponse<String> damaged = post("secadmin", "/api/v1/ledger/certificates/" + serialOf.get("C0016")
                + "/reissue", "{\"kind\": \"DAMAGE\", \"reason\": \"UKey 损坏\"}");
        assertThat(damaged.statusCode()).as(damaged.body()).isEqualTo(200);
        assertThat(JSON.readTree(damaged.body()).get("revocationReason").asText()).isEqualTo("superseded");
        assertThat(pki.authority().status(new BigInteger(serialOf.get("C0016"), 16)).revocation().reason())
                .isEqualTo(RevocationReason.SUPERSEDED);
    }
}
