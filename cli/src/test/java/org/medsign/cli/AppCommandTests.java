package org.medsign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code medsign app window} against a stand-in hub (JDK HTTP server) that answers like the real one: the app calls in
 * order (activate with the code, login with the PIN, the window with the session's bearer token, logout), the PIN read
 * from an environment variable (PATH here, since tests cannot set one), and the refusals' exit codes.
 */
class AppCommandTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer hub;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile int loginStatus = 200;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void startHub() throws Exception {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/api/v1/m/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String path = exchange.getRequestURI().getPath();
            calls.add(exchange.getRequestMethod() + " " + path + " " + (authorization == null ? "-" : authorization)
                    + " " + body);
            int status = 200;
            String answer = switch (path) {
                case "/api/v1/m/activate" -> "{\"staffId\":\"D0001\",\"activated\":true}";
                case "/api/v1/m/login" -> {
                    status = loginStatus;
                    yield status == 200 ? "{\"token\":\"tok-123\",\"expiresAt\":\"2026-12-07T00:00:00Z\"}"
                            : "{\"code\":\"AUTHENTICATION_FAILED\",\"category\":\"AUTHENTICATION\","
                            + "\"detail\":\"wrong staff id or PIN\"}";
                }
                case "/api/v1/m/windows" -> "{\"windows\":[{\"id\":12,\"system\":\"demo\",\"scenario\":null,"
                        + "\"validUntil\":\"2026-12-07T06:00:00Z\"}]}";
                default -> "{\"loggedOut\":true}";
            };
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        hub.start();
    }

    @AfterEach
    void stopHub() {
        hub.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + hub.getAddress().getPort();
    }

    private static Run run(String... args) {
        CommandLine commandLine = MedsignCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void activatesLogsInOpensTheWindowWithTheSessionAndLogsOut() throws Exception {
        Run run = run("app", "window", "--hub", url(), "--staff", "D0001", "--activation-code", "ABCD-EFGH",
                "--system", "demo", "--hours", "6", "--pin-env", "PATH");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(calls).hasSize(4);
        String pin = System.getenv("PATH");
        assertThat(calls.get(0)).startsWith("POST /api/v1/m/activate - ");
        assertThat(JSON.readTree(calls.get(0).substring("POST /api/v1/m/activate - ".length())))
                .isEqualTo(JSON.readTree(JSON.writeValueAsString(java.util.Map.of("staffId", "D0001",
                        "code", "ABCD-EFGH", "pin", pin))));
        assertThat(calls.get(1)).startsWith("POST /api/v1/m/login - ");
        assertThat(calls.get(2)).isEqualTo("POST /api/v1/m/windows Bearer tok-123 {\"systems\":[\"demo\"],\"hours\":6}");
        assertThat(calls.get(3)).startsWith("POST /api/v1/m/logout Bearer tok-123");
        assertThat(run.out()).contains("activated the app of D0001").contains("window 12").contains("demo")
                .contains("(every scenario)").contains("until 2026-12-07T06:00:00Z");
        assertThat(run.out() + run.err()).as("the PIN is never printed").doesNotContain(pin);
    }

    @Test
    void withoutACodeItOnlyLogsInAndAWrongPinIsARefusal() {
        loginStatus = 401;
        Run run = run("app", "window", "--hub", url(), "--staff", "D0001", "--system", "demo", "--pin-env", "PATH");
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_REFUSED);
        assertThat(run.err()).contains("AUTHENTICATION_FAILED");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0)).startsWith("POST /api/v1/m/login - ");
    }

    @Test
    void aMissingPinIsAPasswordErrorAndNothingIsCalled() {
        Run run = run("app", "window", "--hub", url(), "--staff", "D0001", "--system", "demo", "--pin-env",
                "MEDSIGN_TEST_SURELY_UNSET");
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_PASSWORD);
        assertThat(calls).isEmpty();
        assertThat(run("app", "window", "--help").out()).contains("--staff").contains("--system").contains("--hours")
                .contains("MEDSIGN_PIN");
    }
}
