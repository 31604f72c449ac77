package org.medsign.hub.security.regression;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.medsign.hub.HubProcess;

/**
 * The packaged hub with known administrator passwords, for the regression tests that log in as an administrator
 * (the hub the prober met, {@link ProbedHub}, generates them): {@code MEDSIGN_ADMIN_PASSWORD} sets all three accounts
 * without a forced change; of the shipped route files only the physical examination's FHIR route (on the HTTP port, so
 * no MLLP port can clash); shorter throttle and audit windows so that the tests need not wait minutes. Started once per test JVM (stopped when it exits). Each administrator logs in once from 127.0.0.1 at
 * start, so the tests' own calls from there are never refused by a credential-wide throttle.
 */
final class AdministeredHub {

    /** The FHIR route of the shipped physical examination file. */
    static final String FHIR_ROUTE = "physical-exam.inbound.fhir";
    /** The settings the tests rely on. */
    static final int PAIR_LIMIT = 5;
    static final int CREDENTIAL_LIMIT = 8;
    static final String LOCKOUT = "PT20S";
    static final String CREDENTIAL_LOCKOUT = "PT5S";
    static final Duration AUDIT_WINDOW = Duration.ofSeconds(10);
    static final int AUDIT_ROWS = 20;

    private static final String PASSWORD = "Regress10n-Admin-Pw";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AdministeredHub instance;

    private final HubProcess process;
    private final HttpClient http = HttpClient.newHttpClient();

    private AdministeredHub() throws IOException {
        Path work = Files.createTempDirectory("medsign-administered-");
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.copy(ProbedHub.repositoryRoot().resolve("routes").resolve("physical-exam.yaml"),
                routes.resolve("physical-exam.yaml"));
        process = new HubProcess(work.resolve("home"), Map.of("MEDSIGN_ADMIN_PASSWORD", PASSWORD,
                "MEDSIGN_ROUTES_DIR", routes.toString()))
                .withArgs("--medsign.security.max-failed-authentications=" + PAIR_LIMIT,
                        "--medsign.security.lockout=" + LOCKOUT,
                        "--medsign.security.credential-max-failures=" + CREDENTIAL_LIMIT,
                        "--medsign.security.credential-lockout=" + CREDENTIAL_LOCKOUT,
                        "--medsign.security.login-audit-window=" + AUDIT_WINDOW,
                        "--medsign.security.login-audit-rows=" + AUDIT_ROWS,
                        "--medsign.lifecycle.pin-max-attempts=10");
        process.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        for (String user : new String[] {"sysadmin", "secadmin", "auditadmin"}) {
            int status = SourceHttp.get("127.0.0.1", port(), "/actuator/info", Map.of("Authorization", basic(user)))
                    .status();
            if (status != 200) {
                throw new IllegalStateException(user + " cannot log in: HTTP " + status);
            }
        }
    }

    static synchronized AdministeredHub get() {
        if (instance == null) {
            try {
                instance = new AdministeredHub();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    HubProcess process() {
        return process;
    }

    int port() {
        return process.port();
    }

    /** An administrator's password: the one place that knows how the hub was given it. */
    String password(String user) {
        return PASSWORD;
    }

    String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password(user))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A generated secret from the data directory, e.g. {@code demo-api-key}. */
    String secret(String name) {
        try {
            return Files.readString(process.home().resolve("secrets").resolve(name), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> asAdmin(String user, HttpRequest.Builder request) {
        return send(request.header("Authorization", basic(user)));
    }

    /** A JSON call as an administrator; the answer's body as JSON. */
    JsonNode json(String user, String method, String path, String body) {
        HttpResponse<String> response = asAdmin(user, HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
        return read(response.body());
    }

    /** Audit events of one action (newest first), as the audit administrator reads them. */
    JsonNode auditEvents(String query) {
        return json("auditadmin", "GET", "/api/v1/audit/events?size=1000&" + query, null).get("events");
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
