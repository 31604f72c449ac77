package org.medsign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The exit code of an online command follows the {@code category} of the hub's problem details (docs/cli.md): a
 * stand-in hub on a real socket answers {@code campaign watch} with one problem after another.
 */
class HubProblemExitCodeTests {

    private HttpServer hub;
    private volatile int status;
    private volatile String problem;

    @BeforeEach
    void startHub() throws Exception {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/api/v1/ledger/campaigns", exchange -> {
            byte[] bytes = problem.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
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

    private int watchAnswered(int status, String code, String category) {
        this.status = status;
        this.problem = "{\"status\":" + status + ",\"code\":\"" + code + "\""
                + (category == null ? "" : ",\"category\":\"" + category + "\"") + ",\"detail\":\"d\"}";
        CommandLine commandLine = MedsignCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(new StringWriter(), true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));
        return commandLine.execute("ledger", "campaign", "watch", "--hub", "http://127.0.0.1:"
                + hub.getAddress().getPort(), "--user", "secadmin", "7", "--once", "--password-env", "PATH");
    }

    @Test
    void transientAndThrottledAnswersMeanTryAgainLater() {
        assertThat(watchAnswered(503, "HUB_UNAVAILABLE", "TRANSIENT")).isEqualTo(MedsignCommand.EXIT_RETRY_LATER);
        assertThat(watchAnswered(429, "AUTHENTICATION_LOCKED_OUT", "THROTTLED"))
                .isEqualTo(MedsignCommand.EXIT_RETRY_LATER);
    }

    @Test
    void theCommandsOwnInputIsBadInput() {
        assertThat(watchAnswered(400, "INVALID_REQUEST", "CORRECTABLE")).isEqualTo(MedsignCommand.EXIT_INPUT);
    }

    @Test
    void refusalsAndUnknownThingsAreErrorAnswersAndCredentialsARefusal() {
        assertThat(watchAnswered(404, "CAMPAIGN_UNKNOWN", "NOT_FOUND")).isEqualTo(MedsignCommand.EXIT_HUB);
        assertThat(watchAnswered(422, "HOLDER_LEFT", "FINAL_REFUSAL")).isEqualTo(MedsignCommand.EXIT_HUB);
        assertThat(watchAnswered(403, "ACCESS_DENIED", "FORBIDDEN")).isEqualTo(MedsignCommand.EXIT_REFUSED);
    }

    @Test
    void anAnswerWithoutACategoryThisCliKnowsIsAnErrorAnswer() {
        assertThat(watchAnswered(500, "INTERNAL_ERROR", null)).isEqualTo(MedsignCommand.EXIT_HUB);
        assertThat(watchAnswered(500, "INTERNAL_ERROR", "SOMETHING_NEWER")).isEqualTo(MedsignCommand.EXIT_HUB);
    }
}
