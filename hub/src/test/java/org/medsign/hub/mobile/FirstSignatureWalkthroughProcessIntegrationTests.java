package org.medsign.hub.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.hub.HubProcess;

/**
 * The README's "First signature" on the packaged hub and CLI, as a newcomer runs it: on the embedded default a request
 * for D0001 waits as a pending task ({@code 202 {"requestId","taskId","status":"PENDING"}}) until D0001 opens a
 * signing window with {@code medsign app window} (activation code from {@code secrets/demo-activation-codes}, PIN from
 * {@code MEDSIGN_PIN}); then the same system's next request signs at once (200 with the CMS), and the code is used up.
 */
class FirstSignatureWalkthroughProcessIntegrationTests {

    private static final Path CLI = Path.of(System.getProperty("medsign.cli.jar", "../cli/target/medsign.jar"))
            .toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    private record Run(int exit, String out) {
    }

    private Run cli(String pin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", CLI.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MEDSIGN_PIN", pin);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), out);
    }

    private static HttpResponse<String> sign(URI base, String key, String requestId) throws Exception {
        String content = Base64.getEncoder().encodeToString("出院小结：患者恢复良好。".getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v1/sign/message"))
                .header("Content-Type", "application/json").header("X-Medsign-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"requestId\":\"" + requestId + "\",\"signer\":\"D0001\","
                        + "\"content\":\"" + content + "\",\"detached\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRequestWaitsForTheSignerUntilTheSignerOpensAWindowWithTheCli() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(CLI), "the CLI jar is built first in the reactor: " + CLI);
        Path home = work.resolve("home");
        try (HubProcess hub = new HubProcess(home, Map.of("MEDSIGN_ADMIN_PASSWORD", "walkthrough-admin")).start()) {
            URI base = URI.create("http://localhost:" + hub.port());
            String key = Files.readString(home.resolve("secrets").resolve("demo-api-key")).trim();

            HttpResponse<String> waiting = sign(base, key, "readme-0");
            assertThat(waiting.statusCode()).as(waiting.body()).isEqualTo(202);
            JsonNode pending = JSON.readTree(waiting.body());
            assertThat(pending.get("requestId").asText()).isEqualTo("readme-0");
            assertThat(pending.get("status").asText()).isEqualTo("PENDING");
            assertThat(pending.get("taskId").asLong()).isPositive();

            String code = Files.readAllLines(home.resolve("secrets").resolve("demo-activation-codes")).stream()
                    .filter(line -> line.startsWith("D0001 ")).findFirst().orElseThrow().substring(6);
            Run opened = cli("270419", "app", "window", "--hub", base.toString(), "--staff", "D0001", "--system",
                    "demo", "--hours", "8", "--activation-code", code);
            assertThat(opened.exit()).as(opened.out()).isZero();
            assertThat(opened.out()).contains("activated the app of D0001").contains("window").contains("demo")
                    .doesNotContain("270419");

            HttpResponse<String> signed = sign(base, key, "readme-1");
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
            assertThat(JSON.readTree(signed.body()).get("cms").asText()).isNotBlank();

            Run reused = cli("270419", "app", "window", "--hub", base.toString(), "--staff", "D0001", "--system",
                    "demo", "--activation-code", code);
            assertThat(reused.exit()).as("a used code is refused").isEqualTo(5);
            assertThat(reused.out()).contains("ACTIVATION_CODE_INVALID");
            Run again = cli("270419", "app", "window", "--hub", base.toString(), "--staff", "D0001", "--system", "his",
                    "--hours", "1");
            assertThat(again.exit()).as(again.out()).isZero();
        }
    }
}
