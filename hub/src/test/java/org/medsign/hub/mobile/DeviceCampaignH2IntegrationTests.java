package org.medsign.hub.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.collab.CollabClient;
import org.medsign.crypto.collab.KeygenResponse;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.signing.ResolvedSigner;
import org.medsign.hub.signing.SignerResolver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The collaborative-key campaign (协同签名, issue #14) over 1,400 clinicians with hub-held keys, on H2 over real HTTP:
 * the security administrator downloads one activation code per holder, the devices activate one by one (two at a
 * time, each the device client's key generation over {@code POST /api/v1/m/device/activate}), and the campaign shows
 * who is done. While they activate, a watcher checks again and again that every holder has a valid ACTIVE signing
 * certificate and that the signer resolver finds one: there is never a moment without. At the end all 1,400 sign
 * with collaborative certificates and no hub-held one is left.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceCampaignH2IntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HOLDERS = 1400;
    private static final String DEPARTMENT = "协同推广科";
    private static final String PIN = "270419";

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
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
    StaffCertificates certificates;

    @Autowired
    SignerResolver resolver;

    @Test
    void fourteenHundredHoldersMoveToCollaborativeKeysWithoutAMomentWithoutAValidCertificate() throws Exception {
        List<String> staff = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (int i = 1; i <= HOLDERS; i++) {
            String id = String.format("K%04d", i);
            jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, created_at, updated_at) "
                    + "VALUES (?, ?, ?, '主治医师', 'active', ?, ?)").params(id, "医生" + i, DEPARTMENT, now, now)
                    .update();
            jdbc.sql("INSERT INTO system_account (system_id, account, staff_id) VALUES ('demo', ?, ?)")
                    .params(id, id).update();
            certificates.issue(id, "医生" + i, DEPARTMENT, null, Instant.now(), null);
            staff.add(id);
        }
        JsonNode before = progress();
        assertThat(before.get("holders").asInt()).isEqualTo(HOLDERS);
        assertThat(before.get("activated").asInt()).isZero();
        assertThat(before.get("waitingHolders").size()).isEqualTo(DeviceCampaign.LISTED);

        // one code per holder, as a CSV for the letters
        HttpResponse<String> codes = asAdmin("secadmin", HttpRequest.newBuilder(uri(
                "/api/v1/admin/device-campaign/codes?department=" + java.net.URLEncoder.encode(DEPARTMENT,
                        StandardCharsets.UTF_8))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(codes.statusCode()).as(codes.body()).isEqualTo(200);
        assertThat(codes.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = codes.body().lines().toList();
        assertThat(lines.get(0)).endsWith("staff_id,name,department,code,expires_at");
        assertThat(lines).hasSize(HOLDERS + 1);
        Map<String, String> codeOf = new java.util.HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            codeOf.put(cells[0], cells[3]);
        }
        assertThat(codeOf.keySet()).containsExactlyInAnyOrderElementsOf(staff);

        // the devices activate while a watcher checks that nobody is ever without a valid certificate
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger sweeps = new AtomicInteger();
        List<String> gaps = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<?> watcher = pool.submit(() -> {
            SecureRandom pick = new SecureRandom();
            while (!done.get() || sweeps.get() < 2) {
                int without = jdbc.sql("SELECT COUNT(*) FROM staff s WHERE s.department = ? AND NOT EXISTS ("
                                + "SELECT 1 FROM staff_certificate c WHERE c.staff_id = s.staff_id AND c.status = "
                                + "'ACTIVE' AND c.not_before <= ? AND c.not_after > ?)")
                        .params(DEPARTMENT, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()))
                        .query(Integer.class).single();
                if (without > 0) {
                    gaps.add(without + " holders without a valid certificate at sweep " + sweeps.get());
                }
                for (int i = 0; i < 20; i++) {
                    String id = staff.get(pick.nextInt(staff.size()));
                    try {
                        ResolvedSigner signer = resolver.resolve("demo", id, Instant.now());
                        assertThat(signer.credential().serial()).isNotNull();
                    } catch (RuntimeException e) {
                        gaps.add(id + ": " + e.getMessage());
                    }
                }
                sweeps.incrementAndGet();
            }
        });
        List<Future<Integer>> activators = new ArrayList<>();
        for (int worker = 0; worker < 2; worker++) {
            int first = worker;
            activators.add(pool.submit(() -> {
                int activated = 0;
                for (int i = first; i < staff.size(); i += 2) {
                    activate(staff.get(i), codeOf.get(staff.get(i)));
                    activated++;
                }
                return activated;
            }));
        }
        int activated = 0;
        for (Future<Integer> activator : activators) {
            activated += activator.get(15, TimeUnit.MINUTES);
        }
        done.set(true);
        watcher.get(5, TimeUnit.MINUTES);
        pool.shutdown();

        assertThat(activated).isEqualTo(HOLDERS);
        assertThat(gaps).as("no moment without a valid certificate").isEmpty();
        assertThat(sweeps.get()).as("the watcher looked during the campaign").isGreaterThan(2);
        JsonNode after = progress();
        assertThat(after.get("activated").asInt()).isEqualTo(HOLDERS);
        assertThat(after.get("waiting").asInt()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM staff_certificate c JOIN staff s ON s.staff_id = c.staff_id WHERE "
                        + "s.department = ? AND c.status = 'ACTIVE' AND c.key_custody = 'COLLABORATIVE'")
                .param(DEPARTMENT).query(Integer.class).single()).isEqualTo(HOLDERS);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM staff_certificate c JOIN staff s ON s.staff_id = c.staff_id WHERE "
                        + "s.department = ? AND c.status = 'ACTIVE' AND c.key_custody = 'HUB'")
                .param(DEPARTMENT).query(Integer.class).single()).as("no hub-held key left").isZero();
        assertThat(resolver.resolve("demo", staff.get(HOLDERS - 1), Instant.now()).collaborative()).isTrue();
    }

    @Test
    void theCampaignIsTheSecurityAdministratorsAndCountsNoOrganisationCertificate() {
        HttpResponse<String> refused = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/device-campaign"))
                .GET());
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> codesRefused = asAdmin("auditadmin", HttpRequest.newBuilder(uri(
                "/api/v1/admin/device-campaign/codes")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(codesRefused.statusCode()).isEqualTo(403);
    }

    private void activate(String staffId, String code) throws Exception {
        CollabClient.Keygen keygen = new CollabClient(new SecureRandom()).startKeygen();
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/v1/m/device/activate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("staffId", staffId,
                        "code", code, "pin", PIN, "keygen", b64(keygen.request().toBytes()))))).build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        keygen.finish(KeygenResponse.fromBytes(Base64.getDecoder().decode(JSON.readTree(answer.body())
                .get("keygen").asText())));
    }

    private JsonNode progress() throws Exception {
        HttpResponse<String> answer = asAdmin("secadmin", HttpRequest.newBuilder(uri(
                "/api/v1/admin/device-campaign?department=" + java.net.URLEncoder.encode(DEPARTMENT,
                        StandardCharsets.UTF_8))).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
