package org.medsign.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.QrDecoder;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Web tickets and the JS SDK's endpoints over real HTTP (issue #13): a system's backend exchanges its API key for a
 * ticket; a page with the ticket creates a signing request, reads it and gets its task's QR code. Refusals: missing,
 * garbage, expired and used-up tickets (401 with their codes), another system's request, a pinned ticket used for
 * another request, the API key on the ticket endpoints and the ticket elsewhere. CORS only for the origins configured
 * per system; the rest of the API keeps refusing foreign origins and non-JSON state changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebTicketsIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMR = "https://emr.hospital.example";
    private static final String OTHER = "https://pacs-viewer.hospital.example";
    private static final int USES = 6;

    static Path home;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffCertificates certificates;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        registry.add("medsign.sdk.allowed-origins.demo", () -> EMR + "/");
        registry.add("medsign.sdk.allowed-origins.webother", () -> OTHER);
        registry.add("medsign.sdk.ticket-uses", () -> USES);
    }

    @Override
    protected Path home() {
        return home;
    }

    @Test
    void aPageWithATicketCreatesARequestReadsItAndShowsItsTaskQrCode() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "W1001");
        HttpResponse<String> issued = postJson("/api/v1/web-tickets", "{}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(issued.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = json(issued);
        String ticket = body.get("ticket").asText();
        assertThat(ticket).matches("[A-Za-z0-9_-]{43}");
        assertThat(body.get("uses").asInt()).isEqualTo(USES);
        assertThat(body.get("system").asText()).isEqualTo("demo");
        assertThat(Instant.parse(body.get("expiresAt").asText()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(4)), Instant.now().plus(Duration.ofMinutes(5)));

        String requestId = "web-" + System.nanoTime();
        HttpResponse<String> created = web("POST", "/api/v1/web/sign/message", ticket,
                signMessage(requestId, staffId, "出院小结"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode pending = json(created);
        assertThat(pending.get("status").asText()).isEqualTo("PENDING");
        assertThat(pending.get("requestId").asText()).isEqualTo(requestId);
        long taskId = pending.get("taskId").asLong();
        assertThat(json(getWithKey("/api/v1/requests/" + requestId)).get("taskId").asLong())
                .as("the system's own request, seen with its key too").isEqualTo(taskId);

        JsonNode state = json(web("GET", "/api/v1/web/requests/" + requestId, ticket, null));
        assertThat(state.get("status").asText()).isEqualTo("PENDING");
        assertThat(state.get("taskId").asLong()).isEqualTo(taskId);
        HttpResponse<byte[]> qr = sendBytes(HttpRequest.newBuilder(uri("/api/v1/web/tasks/" + taskId + "/qr"))
                .header("Authorization", "MedSign-Ticket " + ticket).GET().build());
        assertThat(qr.statusCode()).isEqualTo(200);
        assertThat(qr.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(QrDecoder.decode(qr.body())).isEqualTo("http://localhost:" + port + "/m/?task=" + taskId);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM web_ticket WHERE ticket_hash = ?").param(ticket)
                .query(Integer.class).single()).as("tickets are stored hashed").isZero();
        assertThat(jdbc.sql("SELECT uses_left FROM web_ticket WHERE system_id = 'demo' ORDER BY created_at DESC")
                .query(Integer.class).list().get(0)).as("three uses taken").isEqualTo(USES - 3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'WEB_TICKET_ISSUED' AND target = "
                + "'system/demo'").query(Integer.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?").param("%" + ticket + "%")
                .query(Integer.class).single()).as("the ticket is never audited").isZero();
    }

    @Test
    void missingGarbageExpiredAndUsedUpTicketsGetClear401Problems() {
        HttpResponse<String> missing = web("GET", "/api/v1/web/requests/x", null, null);
        assertProblem(missing, 401, "WEB_TICKET_MISSING");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("MedSign-Ticket"));
        assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/web/requests/x")).header("Authorization",
                "Bearer " + ticket()).GET().build()), 401, "WEB_TICKET_MISSING");
        assertProblem(web("GET", "/api/v1/web/requests/x", "not-a-ticket", null), 401, "WEB_TICKET_INVALID");
        assertProblem(web("GET", "/api/v1/web/requests/x", "x".repeat(500), null), 401, "WEB_TICKET_INVALID");

        String expired = ticket();
        jdbc.sql("UPDATE web_ticket SET expires_at = ? WHERE expires_at > ?")
                .params(Timestamp.from(Instant.now().minusSeconds(1)), Timestamp.from(Instant.now())).update();
        HttpResponse<String> late = web("GET", "/api/v1/web/requests/x", expired, null);
        assertProblem(late, 401, "WEB_TICKET_EXPIRED");
        assertThat(json(late).get("detail").asText()).contains("new one");

        String bounded = ticket();
        for (int use = 1; use <= USES; use++) {
            assertProblem(web("GET", "/api/v1/web/requests/none-" + use, bounded, null), 404, "REQUEST_UNKNOWN");
        }
        assertProblem(web("GET", "/api/v1/web/requests/none", bounded, null), 401, "WEB_TICKET_USED_UP");
        assertThat(jdbc.sql("SELECT MIN(uses_left) FROM web_ticket").query(Integer.class).single())
                .as("never below zero").isZero();
    }

    @Test
    void theApiKeyIsNotAcceptedOnTheWebEndpointsNorTheTicketElsewhere() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "W1002");
        HttpResponse<String> withKey = postJson("/api/v1/web/sign/message", signMessage("web-key-" + System.nanoTime(),
                staffId, "text"));
        assertProblem(withKey, 401, "WEB_TICKET_MISSING");
        assertThat(json(withKey).get("detail").asText()).contains("API keys are not accepted here");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE staff_id = ?").param(staffId)
                .query(Integer.class).single()).as("nothing created").isZero();
        assertProblem(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/web/requests/x")).GET()), 401,
                "WEB_TICKET_MISSING");

        String ticket = ticket();
        HttpResponse<String> elsewhere = send(HttpRequest.newBuilder(uri("/api/v1/requests/x"))
                .header("Authorization", "MedSign-Ticket " + ticket).GET().build());
        assertThat(elsewhere.statusCode()).as("a ticket is no API key").isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/web-tickets")).header("Content-Type", "application/json")
                .header("Authorization", "MedSign-Ticket " + ticket).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build()).statusCode()).as("a ticket gets no further ticket").isEqualTo(401);
        HttpResponse<String> admin = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/web-tickets"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertProblem(admin, 403, "ACCESS_DENIED");
    }

    @Test
    void aTicketServesOnlyItsOwnSystemAndTheRequestItWasIssuedFor() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "W1003");
        String requestId = "web-own-" + System.nanoTime();
        long taskId = json(web("POST", "/api/v1/web/sign/message", ticket(), signMessage(requestId, staffId, "a")))
                .get("taskId").asLong();

        String otherKey = newSystem("webother");
        HttpResponse<String> otherIssued = send(HttpRequest.newBuilder(uri("/api/v1/web-tickets"))
                .header("X-Medsign-Api-Key", otherKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        String otherTicket = json(otherIssued).get("ticket").asText();
        assertProblem(web("GET", "/api/v1/web/requests/" + requestId, otherTicket, null), 404, "REQUEST_UNKNOWN");
        assertProblem(web("GET", "/api/v1/web/tasks/" + taskId + "/qr", otherTicket, null), 404, "TASK_UNKNOWN");

        HttpResponse<String> pinnedIssued = postJson("/api/v1/web-tickets", "{\"requestId\":\"web-pinned-1\"}");
        assertThat(json(pinnedIssued).get("requestId").asText()).isEqualTo("web-pinned-1");
        String pinned = json(pinnedIssued).get("ticket").asText();
        assertProblem(web("POST", "/api/v1/web/sign/message", pinned, signMessage("web-pinned-2", staffId, "b")), 403,
                "WEB_TICKET_OUT_OF_SCOPE");
        assertProblem(web("GET", "/api/v1/web/requests/" + requestId, pinned, null), 403, "WEB_TICKET_OUT_OF_SCOPE");
        assertProblem(web("GET", "/api/v1/web/tasks/" + taskId + "/qr", pinned, null), 403, "WEB_TICKET_OUT_OF_SCOPE");
        HttpResponse<String> own = web("POST", "/api/v1/web/sign/message", pinned, signMessage("web-pinned-1",
                staffId, "b"));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(202);
        assertProblem(postJson("/api/v1/web-tickets", "{\"requestId\":\"bad id with spaces\"}"), 400,
                "INVALID_REQUEST");
    }

    @Test
    void corsIsAnsweredOnlyForTheOriginsConfiguredForTheTicketsSystem() {
        HttpResponse<String> preflight = preflight("/api/v1/web/sign/message", EMR, "POST");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(EMR);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .contains("Authorization", "Content-Type");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).as("no cookies").isEmpty();

        HttpResponse<String> evilPreflight = preflight("/api/v1/web/sign/message", "https://evil.example", "POST");
        assertProblem(evilPreflight, 403, "ORIGIN_REFUSED");
        assertThat(evilPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight("/api/v1/web/requests/x", EMR, "DELETE").headers()
                .firstValue("Access-Control-Allow-Origin")).as("only GET and POST").isEmpty();

        String ticket = ticket();
        HttpResponse<String> allowed = send(HttpRequest.newBuilder(uri("/api/v1/web/requests/none"))
                .header("Authorization", "MedSign-Ticket " + ticket).header("Origin", EMR).GET().build());
        assertProblem(allowed, 404, "REQUEST_UNKNOWN");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(EMR);
        HttpResponse<String> badTicket = send(HttpRequest.newBuilder(uri("/api/v1/web/requests/none"))
                .header("Authorization", "MedSign-Ticket nonsense").header("Origin", EMR).GET().build());
        assertProblem(badTicket, 401, "WEB_TICKET_INVALID");
        assertThat(badTicket.headers().firstValue("Access-Control-Allow-Origin")).as("the page can read why")
                .hasValue(EMR);

        HttpResponse<String> otherSystemsOrigin = send(HttpRequest.newBuilder(uri("/api/v1/web/requests/none"))
                .header("Authorization", "MedSign-Ticket " + ticket).header("Origin", OTHER).GET().build());
        assertProblem(otherSystemsOrigin, 403, "ORIGIN_REFUSED");
        assertThat(otherSystemsOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> evil = send(HttpRequest.newBuilder(uri("/api/v1/web/requests/none"))
                .header("Authorization", "MedSign-Ticket " + ticket).header("Origin", "https://evil.example")
                .GET().build());
        assertProblem(evil, 403, "ORIGIN_REFUSED");
        assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(jdbc.sql("SELECT uses_left FROM web_ticket ORDER BY created_at DESC").query(Integer.class).list()
                .get(0)).as("refused origins take no use").isEqualTo(USES - 1);
    }

    @Test
    void theSdkOriginsOpenNothingElseAndStateChangesStayJsonOnly() {
        HttpResponse<String> signing = send(HttpRequest.newBuilder(uri("/api/v1/sign/message"))
                .header("X-Medsign-Api-Key", demoKey()).header("Content-Type", "application/json")
                .header("Origin", EMR).POST(HttpRequest.BodyPublishers.ofString(signMessage("web-x", "D0001", "x")))
                .build());
        assertProblem(signing, 403, "ORIGIN_REFUSED");
        HttpResponse<String> preflight = preflight("/api/v1/sign/message", EMR, "POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> tickets = send(HttpRequest.newBuilder(uri("/api/v1/web-tickets"))
                .header("X-Medsign-Api-Key", demoKey()).header("Content-Type", "application/json")
                .header("Origin", EMR).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertProblem(tickets, 403, "ORIGIN_REFUSED");

        HttpResponse<String> plain = send(HttpRequest.newBuilder(uri("/api/v1/web/sign/message"))
                .header("Authorization", "MedSign-Ticket " + ticket()).header("Content-Type", "text/plain")
                .header("Origin", EMR).POST(HttpRequest.BodyPublishers.ofString(signMessage("web-y", "D0001", "y")))
                .build());
        assertProblem(plain, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void theScriptIsAPublicStaticFileOtherSitesMayLoad() {
        HttpResponse<String> script = send(HttpRequest.newBuilder(uri("/sdk/medsign.js")).header("Origin", EMR)
                .GET().build());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
        assertThat(script.headers().firstValue("Cross-Origin-Resource-Policy")).hasValue("cross-origin");
        assertThat(script.body()).contains("global.MedSign = MedSign").doesNotContain("eval(");
        assertThat(send(HttpRequest.newBuilder(uri("/sdk/medsign.js")).POST(HttpRequest.BodyPublishers.noBody())
                .build()).statusCode()).isIn(401, 403);
    }

    // ---- plumbing

    private String ticket() {
        HttpResponse<String> issued = postJson("/api/v1/web-tickets", "");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return json(issued).get("ticket").asText();
    }

    private HttpResponse<String> web(String method, String path, String ticket, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (ticket != null) {
            request.header("Authorization", "MedSign-Ticket " + ticket);
        }
        return send(request.build());
    }

    private HttpResponse<String> preflight(String path, String origin, String method) {
        return send(HttpRequest.newBuilder(uri(path)).header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    private String newSystem(String systemId) {
        HttpResponse<String> created = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/systems"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"systemId\":\"" + systemId + "\",\"name\":\"Web\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("apiKey").asText();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("code").asText()).as(response.body()).isEqualTo(code);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
