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
 * {@code medsign ledger campaign create|watch} against a stand-in hub (JDK HTTP server) that answers like the real
 * one: the request body and credentials sent, the plan printed, the progress bar, exit codes. The password comes from
 * a variable that is set in every environment (PATH), since tests cannot set environment variables.
 */
class CampaignCommandTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer hub;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String state = "RUNNING";

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void startHub() throws Exception {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/api/v1/ledger/campaigns", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body + " "
                    + exchange.getRequestHeaders().getFirst("Authorization").startsWith("Basic "));
            String answer = exchange.getRequestMethod().equals("POST")
                    ? "{\"id\":7,\"state\":\"PLANNED\",\"total\":3,\"planned\":2,\"running\":0,\"done\":0,\"skipped\":1,"
                    + "\"failed\":0,\"skippedByReason\":{\"HOLDER_LEFT\":1},\"items\":[{\"serial\":\"0A1B\","
                    + "\"staffId\":\"S1\",\"state\":\"SKIPPED\",\"reason\":\"持有人已离职\"}]}"
                    : "{\"id\":7,\"state\":\"" + state + "\",\"total\":1400,\"done\":690,\"skipped\":10,\"failed\":0}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
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
    void dryRunSendsTheContractRequestAndPrintsThePlanWithReasons() throws Exception {
        Run run = run("ledger", "campaign", "create", "--hub", url(), "--user", "secadmin", "--category", "expiring",
                "--dry-run", "--password-env", "PATH");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(requests).hasSize(1);
        String sent = requests.get(0);
        assertThat(sent).startsWith("POST /api/v1/ledger/campaigns ").endsWith(" true");
        var body = JSON.readTree(sent.substring("POST /api/v1/ledger/campaigns ".length(), sent.length() - 5));
        assertThat(body.get("categories").get(0).asText()).isEqualTo("expiring");
        assertThat(body.get("dryRun").asBoolean()).isTrue();
        assertThat(run.out()).contains("campaign 7 PLANNED (dry run, nothing changed): 3 selected, 2 to renew, 1 skipped")
                .contains("HOLDER_LEFT").contains("0A1B").contains("持有人已离职");
    }

    @Test
    void watchShowsAProgressBarAndExitsWhenDone() {
        Run once = run("ledger", "campaign", "watch", "--hub", url(), "--user", "secadmin", "7", "--once",
                "--password-env", "PATH");
        assertThat(once.exit()).isZero();
        assertThat(once.out()).contains("[###############...............]  50% 700/1400  done 690  skipped 10  failed 0  RUNNING");
        state = "DONE";
        Run done = run("ledger", "campaign", "watch", "--hub", url(), "--user", "secadmin", "7", "--password-env", "PATH");
        assertThat(done.exit()).isZero();
        assertThat(done.out()).contains("DONE");
        state = "FAILED";
        assertThat(run("ledger", "campaign", "watch", "--hub", url(), "--user", "secadmin", "7", "--password-env",
                "PATH").exit()).isEqualTo(MedsignCommand.EXIT_INVALID);
    }

    @Test
    void helpNamesTheContractOptionsAndAMissingPasswordIsAPasswordError() {
        assertThat(run("ledger", "campaign", "create", "--help").out()).contains("--hub").contains("--user")
                .contains("--category").contains("--dry-run").contains("MEDSIGN_PASSWORD");
        Run run = run("ledger", "campaign", "watch", "--hub", url(), "--user", "secadmin", "7", "--password-env",
                "MEDSIGN_TEST_SURELY_UNSET");
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_PASSWORD);
    }
}
