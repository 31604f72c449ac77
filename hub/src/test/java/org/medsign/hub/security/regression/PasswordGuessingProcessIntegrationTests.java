package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Finding 4, password guessing without limit: HTTP Basic on {@code /actuator/**}, {@code /crl} and
 * {@code /v3/api-docs} was never throttled, and the lock-out elsewhere was per address, so one misbehaving client
 * locked out every valid system behind it. Now one throttle covers every credential check, keyed by credential and
 * source: each test guesses from its own 127.0.0.x address and shows the guesser refused (429, {@code Retry-After})
 * while other accounts and systems from the same address keep working.
 */
class PasswordGuessingProcessIntegrationTests {

    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    final AdministeredHub hub = AdministeredHub.get();

    @Test
    void basicGuessingOnActuatorCrlAndApiDocsIsThrottledWithoutLockingOutOtherAccounts() {
        String guesser = "127.0.0.11";
        String[] paths = {"/actuator/metrics", "/crl", "/v3/api-docs", "/actuator/health", "/actuator/jolokia/version"};
        for (int i = 0; i < AdministeredHub.PAIR_LIMIT; i++) {
            SourceHttp.Response wrong = basic(guesser, paths[i % paths.length], "sysadmin", "guess-" + i);
            assertThat(wrong.status()).as("guess %d on %s", i, paths[i % paths.length]).isEqualTo(401);
        }
        for (String path : paths) {
            SourceHttp.Response refused = basic(guesser, path, "sysadmin", "guess-more");
            assertThat(refused.status()).as(path).isEqualTo(429);
            assertThat(refused.header("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s))
                    .isBetween(1, 20));
            assertThat(refused.body()).contains("AUTHENTICATION_LOCKED_OUT");
        }
        assertThat(basic(guesser, "/actuator/metrics", "sysadmin", hub.password("sysadmin")).status())
                .as("not even the right password is checked for the guesser").isEqualTo(429);

        assertThat(basic(guesser, "/api/v1/ledger/inventory", "secadmin", hub.password("secadmin")).status())
                .as("another administrator from the same address").isEqualTo(200);
        assertThat(SourceHttp.get(guesser, hub.port(), "/api/v1/tasks",
                Map.of("X-Medsign-Api-Key", hub.secret("demo-api-key"))).status())
                .as("a system from the same address").isEqualTo(200);
        assertThat(basic("127.0.0.1", "/actuator/metrics", "sysadmin", hub.password("sysadmin")).status())
                .as("the same account from elsewhere").isEqualTo(200);
        Awaitility.await("the refusal ends").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                .until(() -> basic(guesser, "/actuator/metrics", "sysadmin", hub.password("sysadmin")).status() == 200);
    }

    @Test
    void apiKeyGuessingDoesNotLockOutValidSystemsBehindTheSameAddress() {
        String guesser = "127.0.0.12";
        for (int i = 0; i < AdministeredHub.PAIR_LIMIT; i++) {
            assertThat(withKey(guesser, "/api/v1/tasks", "guessed-key-" + i).status()).isEqualTo(401);
        }
        SourceHttp.Response refused = withKey(guesser, "/api/v1/tasks", "guessed-key-x");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(withKey(guesser, "/api/v1/tasks", hub.secret("demo-api-key")).status())
                .as("a valid key from the same address").isEqualTo(200);

        // the HTTP adapters (FHIR) check keys through the same throttle, answering in their own protocol
        SourceHttp.Response fhirGuess = fhir(guesser, "guessed-key-y");
        assertThat(fhirGuess.status()).isEqualTo(429);
        assertThat(fhirGuess.body()).contains("OperationOutcome").contains("throttled");
        SourceHttp.Response fhirValid = fhir(guesser, hub.secret("physical-exam-api-key"));
        assertThat(fhirValid.status()).as("authenticated, then the (empty) resource is refused: " + fhirValid.body())
                .isEqualTo(400);
    }

    @Test
    void consoleLoginGuessingIsThrottledPerAccount() {
        String guesser = "127.0.0.13";
        for (int i = 0; i < AdministeredHub.PAIR_LIMIT; i++) {
            assertThat(consoleLogin(guesser, "auditadmin", "guess-" + i)).endsWith("/console/login?error");
        }
        assertThat(consoleLogin(guesser, "auditadmin", hub.password("auditadmin")))
                .as("the right password is not even checked").endsWith("/console/login?locked");
        assertThat(consoleLogin(guesser, "secadmin", hub.password("secadmin"))).as("another account")
                .endsWith("/console");
    }

    @Test
    void aDistributedGuessOfOneAccountIsSlowedButItsOwnerKeepsWorking() {
        // secadmin fails nowhere else in the suite, so this is its whole count
        for (int i = 0; i < AdministeredHub.CREDENTIAL_LIMIT; i++) {
            assertThat(basic("127.0.0." + (20 + i), "/crl", "secadmin", "spray-" + i).status()).isEqualTo(401);
        }
        assertThat(basic("127.0.0.40", "/api/v1/ledger/inventory", "secadmin", hub.password("secadmin")).status())
                .as("from an address the account never used").isEqualTo(429);
        assertThat(basic("127.0.0.1", "/api/v1/ledger/inventory", "secadmin", hub.password("secadmin")).status())
                .as("where its owner logged in before").isEqualTo(200);
        Awaitility.await("a short refusal, not a lock").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1)).until(() -> basic("127.0.0.41", "/api/v1/ledger/inventory",
                        "secadmin", hub.password("secadmin")).status() == 200);
    }

    @Test
    void signingPinGuessingIsThrottledBeforeThePinLocks() {
        String key = hub.secret("demo-api-key");
        assertThat(pin("PUT", "/api/v1/staff/D0007/pin", key, "{\"newPin\":\"739148\"}").status()).isEqualTo(200);
        for (int i = 0; i < AdministeredHub.PAIR_LIMIT; i++) {
            assertThat(pin("POST", "/api/v1/staff/D0007/pin/verify", key, "{\"pin\":\"00011" + i + "\"}").status())
                    .isEqualTo(401);
        }
        SourceHttp.Response refused = pin("POST", "/api/v1/staff/D0007/pin/verify", key, "{\"pin\":\"739148\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.body()).contains("PIN_THROTTLED");
        assertThat(refused.header("Retry-After")).isPresent();
        JsonNode status = hub.json("secadmin", "GET", "/api/v1/ledger/staff/D0007/pin", null);
        assertThat(status.get("failedAttempts").asInt()).as("refused before the PIN was compared")
                .isEqualTo(AdministeredHub.PAIR_LIMIT);
        assertThat(status.get("locked").asBoolean()).isFalse();
    }

    private SourceHttp.Response basic(String source, String path, String user, String password) {
        return SourceHttp.get(source, hub.port(), path, Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))));
    }

    private SourceHttp.Response withKey(String source, String path, String key) {
        return SourceHttp.get(source, hub.port(), path, Map.of("X-Medsign-Api-Key", key));
    }

    private SourceHttp.Response fhir(String source, String key) {
        return SourceHttp.send(source, hub.port(), "POST", "/fhir/DocumentReference/$sign",
                Map.of("X-Medsign-Api-Key", key, "Content-Type", "application/fhir+json"), "{}");
    }

    private SourceHttp.Response pin(String method, String path, String key, String body) {
        return SourceHttp.send("127.0.0.1", hub.port(), method, path,
                Map.of("X-Medsign-Api-Key", key, "Content-Type", "application/json"), body);
    }

    /** Logs in through the console form from {@code source}; returns where the hub redirects. */
    private String consoleLogin(String source, String user, String password) {
        SourceHttp.Response page = SourceHttp.get(source, hub.port(), "/console/login", Map.of());
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("login page with a CSRF token").isTrue();
        String cookie = page.headers("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cookie", cookie);
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        SourceHttp.Response login = SourceHttp.send(source, hub.port(), "POST", "/console/login", headers,
                "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
        assertThat(login.status()).isEqualTo(302);
        return login.header("Location").orElseThrow();
    }
}
