package org.medsign.hub.lifecycle.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.inventory.InventoryCategory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue #5 acceptance over real HTTP against a running hub: a generated roster of 1,400 staff with planted anomalies
 * of every category is imported (bad rows rejected with file, line and reason), the inventory finds exactly the
 * planted ones, and importing the same files again changes nothing but one audit entry. Subclasses choose the
 * database. The methods share one import, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractLedgerImportIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STAFF = 1400;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LedgerSearch ledgerSearch;

    private LedgerFixture fixture;
    private JsonNode firstImport;

    @BeforeAll
    void generate() {
        fixture = LedgerFixture.generate(STAFF, Instant.now(), true);
    }

    private String importBody() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("staffCsv", fixture.staffCsv);
        body.put("accountsCsv", fixture.accountsCsv);
        body.put("usageCsv", fixture.usageCsv);
        List<Map<String, String>> certificates = new ArrayList<>();
        fixture.certificates.forEach((name, bytes) -> certificates.add(Map.of("name", name, "content",
                Base64.getEncoder().encodeToString(bytes))));
        body.put("certificates", certificates);
        return JSON.writeValueAsString(body);
    }

    private HttpResponse<String> postImport(String user, String query) throws Exception {
        return asAdmin(user, HttpRequest.newBuilder(uri("/api/v1/ledger/import" + query))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(importBody())));
    }

    private HttpResponse<String> get(String user, String path) {
        return asAdmin(user, HttpRequest.newBuilder(uri(path)).GET());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    @Order(1)
    void importTakesEveryGoodRowAndReportsEachBadOneWithFileLineAndReason() throws Exception {
        HttpResponse<String> response = postImport("secadmin", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        firstImport = json(response);

        assertThat(firstImport.at("/staff/created").asInt()).isEqualTo(STAFF);
        assertThat(firstImport.at("/staff/rejected").asInt()).isEqualTo(5);
        assertThat(firstImport.at("/accounts/rejected").asInt()).isEqualTo(2);
        assertThat(firstImport.at("/certificates/created").asInt()).isEqualTo(fixture.goodCertificates);
        assertThat(firstImport.at("/certificates/rejected").asInt()).isEqualTo(3);
        assertThat(firstImport.at("/usage/rejected").asInt()).isEqualTo(3);
        assertThat(firstImport.at("/systemsCreated").asInt()).isEqualTo(1);
        assertThat(firstImport.at("/weakMatches").asInt()).isEqualTo(fixture.weakMatches);
        assertThat(firstImport.at("/unmatched").asInt()).isEqualTo(fixture.unmatched);
        assertThat(firstImport.at("/changed").asBoolean()).isTrue();

        Set<String> rejected = new TreeSet<>();
        for (JsonNode row : firstImport.get("rejected")) {
            rejected.add(row.get("file").asText() + "|" + (row.get("line").isNull() ? "-" : row.get("line").asText())
                    + "|" + row.get("code").asText());
            assertThat(row.get("reason").asText()).as("reason in Chinese").isNotBlank()
                    .matches(".*[\\u4e00-\\u9fa5].*");
        }
        assertThat(rejected).isEqualTo(fixture.expectedRejections);
        JsonNode status = find(firstImport.get("rejected"), "STATUS_INVALID");
        assertThat(status.get("reason").asText()).isEqualTo("在职状态“retired”无效（active、on_leave、left 或 在职、停职、离职）");
        // the bad identity number is not echoed anywhere
        assertThat(response.body()).doesNotContain(fixture.people.get("S00050").idCard());
    }

    private static JsonNode find(JsonNode rows, String code) {
        for (JsonNode row : rows) {
            if (row.get("code").asText().equals(code)) {
                return row;
            }
        }
        throw new AssertionError("no rejection " + code);
    }

    @Test
    @Order(2)
    void identityNumbersAreStoredSealedAndShownMaskedOnly() throws Exception {
        LedgerFixture.Person person = fixture.people.get("S00123");
        HttpResponse<String> response = get("secadmin", "/api/v1/ledger/staff/S00123");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode staff = json(response);
        assertThat(staff.get("idCardMasked").asText()).isEqualTo(person.idCard().substring(0, 3) + "***********"
                + person.idCard().substring(14));
        assertThat(response.body()).doesNotContain(person.idCard());
        assertThat(staff.get("certificates").get(0).at("/certificate/keyCustody").asText()).isEqualTo("EXTERNAL");
        assertThat(staff.get("certificates").get(0).at("/history/0/action").asText()).isEqualTo("IMPORTED");
        byte[] sealed = jdbc.sql("SELECT id_card_enc FROM staff WHERE staff_id = 'S00123'").query(byte[].class).single();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(person.idCard());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?").param("%" + person.idCard() + "%")
                .query(Integer.class).single()).isZero();
    }

    @Test
    @Order(3)
    void inventoryFindsExactlyThePlantedAnomalies() throws Exception {
        recordHubSignature(fixture.usedByHub, Instant.now().minus(Duration.ofDays(1)));
        HttpResponse<String> response = get("secadmin", "/api/v1/ledger/inventory?expiringDays=60&idleDays=90");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response);

        List<String> keys = new ArrayList<>();
        report.get("counts").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("expired", "expiring", "idle", "duplicate", "orphaned", "mismatched", "missing");
        Map<String, Integer> counts = new LinkedHashMap<>();
        report.get("counts").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
        assertThat(counts).isEqualTo(fixture.expectedCounts());
        assertThat(counts.values()).allMatch(n -> n > 0);

        Set<String> found = new TreeSet<>();
        for (JsonNode item : report.get("items")) {
            String category = item.get("category").asText();
            found.add(category + "|" + (category.equals("missing") ? item.get("staffId").asText()
                    : item.get("serial").asText()));
            assertThat(item.get("reason").asText()).isNotBlank();
        }
        assertThat(found).isEqualTo(fixture.expectedItems());
        assertThat(actions(report, "expired")).containsOnly("renew");
        assertThat(actions(report, "expiring")).containsOnly("renew");
        assertThat(actions(report, "idle")).containsOnly("revoke");
        assertThat(actions(report, "orphaned")).containsOnly("revoke");
        assertThat(actions(report, "mismatched")).containsOnly("reissue");
        assertThat(actions(report, "missing")).containsOnly("issue");
        assertThat(actions(report, "duplicate")).containsExactlyInAnyOrder("none", "none", "none", "none", "none",
                "revoke", "revoke", "revoke", "revoke", "revoke");

        int perDepartment = 0;
        for (JsonNode department : report.get("departments")) {
            perDepartment += department.get("missing").asInt();
        }
        assertThat(perDepartment).isEqualTo(counts.get("missing"));
        assertThat(report.get("certificates").asInt()).isEqualTo(fixture.goodCertificates + 10);
    }

    private static List<String> actions(JsonNode report, String category) {
        List<String> actions = new ArrayList<>();
        for (JsonNode item : report.get("items")) {
            if (item.get("category").asText().equals(category)) {
                actions.add(item.get("action").asText());
            }
        }
        return actions;
    }

    /** What the signing path writes when the hub signs with a certificate (request row, then its record). */
    private void recordHubSignature(String serial, Instant at) {
        String holder = jdbc.sql("SELECT staff_id FROM staff_certificate WHERE serial = ?").param(serial)
                .query(String.class).single();
        Timestamp time = Timestamp.from(at);
        jdbc.sql("INSERT INTO signing_request (system_id, request_id, operation, signer, staff_id, options, content_enc, "
                        + "content_sm3, status, attempts, created_at, updated_at) VALUES ('his', ?, 'MESSAGE', ?, ?, "
                        + "'{}', ?, ?, 'SIGNED', 1, ?, ?)")
                .params("ledger-" + serial, "H" + holder, holder, new byte[] {1}, "00".repeat(32), time, time).update();
        long pk = jdbc.sql("SELECT id FROM signing_request WHERE request_id = ?").param("ledger-" + serial)
                .query(Long.class).single();
        jdbc.sql("INSERT INTO signature_record (signature_id, request_pk, system_id, request_id, staff_id, "
                        + "certificate_serial, operation, content_sm3, signature_value, signed_at) "
                        + "VALUES (?, ?, 'his', ?, ?, ?, 'MESSAGE', ?, ?, ?)")
                .params("sig-" + serial, pk, "ledger-" + serial, holder, serial, "00".repeat(32), new byte[] {1}, time)
                .update();
    }

    @Test
    @Order(4)
    void inventoryIsReadableByTheAuditAdministratorOnlyBesidesTheSecurityAdministrator() {
        assertThat(get("auditadmin", "/api/v1/ledger/inventory").statusCode()).isEqualTo(200);
        assertThat(get("sysadmin", "/api/v1/ledger/inventory").statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/ledger/inventory")).GET().build()).statusCode())
                .isEqualTo(401);
        assertThat(asAdmin("auditadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/import"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(403);
    }

    @Test
    @Order(5)
    void inventoryExportsAsCsvAndHtmlInChineseByDefaultAndEnglishOnRequest() {
        HttpResponse<String> csv = get("auditadmin", "/api/v1/ledger/inventory?format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("\uFEFFcategory,serial,staff_id,name,department,holder_match,action,reason");
        assertThat(lines).hasSize(1 + fixture.expectedItems().size());
        assertThat(csv.body()).contains("证书已于").contains("\r\nmissing,").doesNotContain("expired on");

        HttpResponse<String> html = asAdmin("auditadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/inventory"))
                .header("Accept", "text/html").GET());
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).contains("<html lang=\"zh-CN\">").contains("证书清查报告").contains("缺证")
                .contains("<td id=\"count-duplicate\">" + fixture.expected.get(InventoryCategory.DUPLICATE).size()
                        + "</td>");
        HttpResponse<String> english = get("auditadmin", "/api/v1/ledger/inventory?format=html&lang=en");
        assertThat(english.body()).contains("<html lang=\"en\">").contains("Certificate inventory")
                .contains("Missing").doesNotContain("证书清查报告");
    }

    @Test
    @Order(6)
    void reimportingTheSameFilesChangesNothingButAddsOneAuditEntry() throws Exception {
        Map<String, Object> before = snapshot();
        HttpResponse<String> response = postImport("secadmin", "?lang=en");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode again = json(response);
        Map<String, Object> after = snapshot();

        assertThat(again.get("changed").asBoolean()).as(response.body()).isFalse();
        for (String file : List.of("staff", "accounts", "certificates", "usage")) {
            assertThat(again.at("/" + file + "/created").asInt()).as(file).isZero();
            assertThat(again.at("/" + file + "/updated").asInt()).as(file).isZero();
            assertThat(again.at("/" + file + "/rejected").asInt()).as(file)
                    .isEqualTo(firstImport.at("/" + file + "/rejected").asInt());
        }
        assertThat(again.at("/staff/unchanged").asInt()).isEqualTo(STAFF);
        assertThat(again.at("/certificates/unchanged").asInt()).isEqualTo(fixture.goodCertificates);
        assertThat(again.at("/bindingsChanged").asInt()).isZero();
        assertThat(find(again.get("rejected"), "STATUS_INVALID").get("reason").asText())
                .startsWith("employment_status 'retired' is not active");
        assertThat(after.get("audit")).isEqualTo((Long) before.get("audit") + 1);
        before.remove("audit");
        after.remove("audit");
        assertThat(after).isEqualTo(before);
        assertThat(jdbc.sql("SELECT action FROM audit_event ORDER BY event_time DESC, seq DESC LIMIT 1")
                .query(String.class).single()).isEqualTo("LEDGER_IMPORT");
    }

    @Test
    @Order(7)
    void ledgerSearchFiltersAndPagesOnThisDatabaseAsTheConsoleUsesIt() {
        LedgerSearch.Criteria none = new LedgerSearch.Criteria(null, null, null, null, null, null);
        List<LedgerSearch.Row> all = new ArrayList<>();
        LedgerSearch.Page page = ledgerSearch.search(none, 0, 100);
        for (int p = 0; p < page.pages(); p++) {
            all.addAll(ledgerSearch.search(none, p, 100).rows());
        }
        assertThat(all).hasSize((int) page.total());
        assertThat(all.stream().map(LedgerSearch.Row::serial).distinct().count()).as("pages overlap").isEqualTo(page.total());
        assertThat(all).extracting(LedgerSearch.Row::notAfter).isSorted();

        String department = fixture.people.values().iterator().next().department();
        String fragment = department.substring(0, Math.min(2, department.length()));
        long expected = all.stream().filter(r -> r.department() != null && r.department().contains(fragment)).count();
        assertThat(expected).isPositive();
        assertThat(ledgerSearch.search(new LedgerSearch.Criteria(null, null, fragment, null, null, null), 0, 10).total())
                .as("department contains %s", fragment).isEqualTo(expected);

        String surname = fixture.people.values().iterator().next().name().substring(0, 1);
        long named = all.stream().filter(r -> r.name() != null && r.name().contains(surname)).count();
        assertThat(ledgerSearch.search(new LedgerSearch.Criteria(surname, null, null, null, null, null), 0, 10).total())
                .as("name contains %s", surname).isEqualTo(named);
        assertThat(ledgerSearch.search(new LedgerSearch.Criteria("%", null, null, null, null, null), 0, 10).total())
                .as("LIKE wildcards are literal").isZero();
        long active = all.stream().filter(r -> "ACTIVE".equals(r.status())).count();
        assertThat(ledgerSearch.search(new LedgerSearch.Criteria(null, null, null, CertificateState.ACTIVE, null, null),
                0, 10).total()).isEqualTo(active);
    }

    /** Every ledger table's rows (as text), and the audit row count. */
    private Map<String, Object> snapshot() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("staff", jdbc.sql("SELECT staff_id, name, department, post, employment_status, mobile, "
                + "id_card_masked, id_card_index, updated_at FROM staff ORDER BY staff_id").query().listOfRows()
                .toString());
        snapshot.put("certificates", jdbc.sql("SELECT serial, staff_id, status, key_custody, origin, holder_match, "
                + "bound_systems, last_used_at, updated_at FROM staff_certificate ORDER BY serial").query().listOfRows()
                .toString());
        snapshot.put("accounts", jdbc.sql("SELECT system_id, account, staff_id FROM system_account "
                + "ORDER BY system_id, account").query().listOfRows().toString());
        snapshot.put("systems", jdbc.sql("SELECT system_id FROM hospital_system ORDER BY system_id").query()
                .listOfRows().toString());
        snapshot.put("history", jdbc.sql("SELECT COUNT(*) FROM certificate_history").query(Long.class).single());
        snapshot.put("audit", jdbc.sql("SELECT COUNT(*) FROM audit_event").query(Long.class).single());
        return snapshot;
    }
}
