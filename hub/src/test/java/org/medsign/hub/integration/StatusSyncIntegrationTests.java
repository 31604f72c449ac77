package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.interop.OpensslRecipe;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Status sync (状态同步) and revocation status through the whole hub: a certificate frozen, unfrozen and revoked through
 * the API reaches HIS as MFN^M02 over MLLP (GBK) and LIS as webhook JSON — whose first call fails and is retried by
 * the broker, delivered once — each from a route file only; signing is refused while frozen; OpenSSL's OCSP client
 * sees the revocation with its reason, and the response's SM2 signature checks with the OpenSSL recipe.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatusSyncIntegrationTests extends HubTestSupport {

    static final Charset GBK = Charset.forName("GBK");
    static final ObjectMapper JSON = new ObjectMapper();
    static Path home;
    static MllpPeer.Listener his;
    static HttpServer lis;
    static final List<JsonNode> posted = new CopyOnWriteArrayList<>();
    static final AtomicInteger calls = new AtomicInteger();

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        his = new MllpPeer.Listener(GBK);
        lis = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lis.createContext("/medsign/status", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = calls.incrementAndGet() == 1 ? 500 : 204; // LIS is down for the first call
            if (status == 204) {
                posted.add(JSON.readTree(body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        lis.start();
        Files.writeString(routes.resolve("his-status.yaml"), Files.readString(
                Path.of("../docs/examples/routes/his-status.yaml")).replace("value: \"2585\"", "value: \"" + his.port()
                + "\""));
        Files.writeString(routes.resolve("lis-status.yaml"), Files.readString(
                Path.of("../docs/examples/routes/lis-status.yaml")).replace("http://lis.hospital.local:8090",
                "http://127.0.0.1:" + lis.getAddress().getPort()));
        registry.add("medsign.routes.dir", routes::toString);
    }

    @AfterAll
    static void stop() {
        lis.stop(0);
    }

    @Override
    protected Path home() {
        return home;
    }

    private HttpResponse<String> operate(String serial, String operation, String body) {
        return asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/certificates/" + serial + "/" + operation))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Terser mfn(String serial, String recordEvent) throws Exception {
        String message = Awaitility.await("MFN^M02 " + recordEvent + " at HIS").atMost(Duration.ofSeconds(30))
                .until(() -> his.received().stream().filter(m -> m.contains(serial) && m.contains("MFE|" + recordEvent))
                        .findFirst().orElse(null), Objects::nonNull);
        try (HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5"))) {
            context.setValidationContext(new NoValidation());
            Message parsed = context.getPipeParser().parse(message);
            assertThat(parsed.getName()).isEqualTo("MFN_M02");
            return new Terser(parsed);
        }
    }

    private JsonNode webhook(String serial, String action) {
        return Awaitility.await("webhook " + action + " at LIS").atMost(Duration.ofSeconds(30))
                .until(() -> posted.stream().filter(n -> n.get("serial").asText().equals(serial)
                        && n.get("action").asText().equals(action)).findFirst().orElse(null), Objects::nonNull);
    }

    @Test
    void freezeUnfreezeAndRevokeReachTheSystemsAndTheRevocationServices() throws Exception {
        String serial = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'D0003' AND status = 'ACTIVE'")
                .query(String.class).single();

        assertThat(operate(serial, "freeze", "{\"reason\":\"停职\"}").statusCode()).isEqualTo(200);
        Terser frozen = mfn(serial, "MDC");
        assertThat(frozen.get("/MSH-18")).isEqualTo("GBK");
        assertThat(frozen.get("/MFI-1-1")).isEqualTo("STF");
        assertThat(frozen.get("/MF_STAFF/STF-1-1")).isEqualTo("D0003");
        assertThat(frozen.get("/MF_STAFF/STF-7")).isEqualTo("I");
        assertThat(frozen.get("/MF_STAFF/CER-2")).isEqualTo(serial);
        assertThat(frozen.get("/MF_STAFF/CER-31-1")).isEqualTo("FROZEN");
        JsonNode frozenJson = webhook(serial, "FROZEN");
        assertThat(frozenJson.get("event").asText()).isEqualTo("CERTIFICATE_STATUS_CHANGED");
        assertThat(frozenJson.get("accounts").get(0).asText()).isEqualTo("D0003");
        assertThat(frozenJson.get("usable").asBoolean()).isFalse();
        assertThat(frozenJson.get("reason").asText()).isEqualTo("停职");
        assertThat(calls.get()).as("the first call failed and was retried").isGreaterThanOrEqualTo(2);
        assertThat(postJson("/api/v1/sign/message", signMessage("frozen-" + System.nanoTime(), "D0003", "x")).body())
                .contains("SIGNER_CERTIFICATE_FROZEN");

        assertThat(operate(serial, "unfreeze", "{\"reason\":\"复职\"}").statusCode()).isEqualTo(200);
        Terser unfrozen = mfn(serial, "MAC");
        assertThat(unfrozen.get("/MF_STAFF/STF-7")).isEqualTo("A");
        assertThat(webhook(serial, "UNFROZEN").get("newStatus").asText()).isEqualTo("ACTIVE");
        assertThat(postJson("/api/v1/sign/message", signMessage("unfrozen-" + System.nanoTime(), "D0003", "x"))
                .statusCode()).isEqualTo(200);

        assertThat(operate(serial, "revoke", "{\"reason\":\"keyCompromise\"}").statusCode()).isEqualTo(200);
        Terser revoked = mfn(serial, "MDC");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> his.received().stream()
                .filter(m -> m.contains(serial) && m.contains("REVOKED^")).count() == 1);
        JsonNode revokedJson = webhook(serial, "REVOKED");
        assertThat(revokedJson.get("reason").asText()).isEqualTo("keyCompromise");
        assertThat(revoked.get("/MSH-9-2")).isEqualTo("M02");

        // each change reached each system once (the certificate's issuing at start-up as well)
        assertThat(jdbc.sql("SELECT e.action || '>' || d.system_id FROM certificate_event_delivery d JOIN "
                + "certificate_event e ON e.id = d.event_id WHERE e.serial = ?").param(serial).query(String.class)
                .list()).containsExactlyInAnyOrder("ISSUED>his", "ISSUED>lis", "FROZEN>his", "FROZEN>lis",
                "UNFROZEN>his", "UNFROZEN>lis", "REVOKED>his", "REVOKED>lis");
        assertThat(posted.stream().filter(n -> n.get("serial").asText().equals(serial)).map(n -> n.get("action")
                .asText())).containsExactlyInAnyOrder("ISSUED", "FROZEN", "UNFROZEN", "REVOKED");

        // OpenSSL's OCSP client: revoked, with the reason; the response's signature checks with the recipe
        Path work = Files.createTempDirectory(home, "ocsp-");
        String chainPem = getWithKey("/api/v1/ca/chain").body();
        Files.writeString(work.resolve("issuing.pem"), chainPem);
        Openssl.Result ocsp = Openssl.run(work, "ocsp", "-issuer", "issuing.pem", "-serial", "0x" + serial, "-url",
                "http://localhost:" + port + "/ocsp", "-noverify", "-respout", "resp.der");
        assertThat(ocsp.out()).contains(": revoked").contains("Reason: keyCompromise");
        X509CertificateHolder issuing = Pem.parseCertificates(chainPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .get(0);
        Path recipe = Files.createDirectories(work.resolve("recipe"));
        String commands = OpensslRecipe.write(recipe, List.of(OpensslRecipe.forOcspResponse(
                Files.readAllBytes(work.resolve("resp.der")), issuing)));
        Openssl.exec(recipe, Map.of(), List.of("sh", "-c", "set -e\n" + commands)).ok();
    }
}
