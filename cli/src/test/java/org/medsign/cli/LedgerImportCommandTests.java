package org.medsign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code medsign ledger import} without a hub: options, input and password errors, an unreachable hub, and the report
 * it prints. The run against a real hub is hub's CliLedgerImportProcessIntegrationTests.
 */
class LedgerImportCommandTests {

    private record Run(int exit, String out, String err) {
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

    private static Path files(Path dir) throws Exception {
        Files.writeString(dir.resolve("staff.csv"), "staff_id,name,id_card_no,department,post,employment_status,mobile\n");
        Files.writeString(dir.resolve("accounts.csv"), "system,account,staff_id\n");
        Files.createDirectories(dir.resolve("certs"));
        return dir;
    }

    @Test
    void helpNamesTheContractOptions() {
        Run run = run("ledger", "import", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--hub").contains("--user").contains("--staff").contains("--accounts")
                .contains("--certs").contains("--usage").contains("MEDSIGN_PASSWORD");
    }

    @Test
    void unsetPasswordVariableIsAPasswordError(@TempDir Path dir) throws Exception {
        files(dir);
        Run run = run("ledger", "import", "--hub", "http://localhost:1", "--user", "secadmin", "--staff",
                dir.resolve("staff.csv").toString(), "--accounts", dir.resolve("accounts.csv").toString(), "--certs",
                dir.resolve("certs").toString(), "--password-env", "MEDSIGN_TEST_SURELY_UNSET");
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_PASSWORD);
        assertThat(run.err()).contains("MEDSIGN_TEST_SURELY_UNSET is not set").doesNotContain("\tat ");
    }

    @Test
    void missingCertificateDirectoryIsAnInputError(@TempDir Path dir) throws Exception {
        files(dir);
        Run run = run("ledger", "import", "--hub", "http://localhost:1", "--user", "secadmin", "--staff",
                dir.resolve("staff.csv").toString(), "--accounts", dir.resolve("accounts.csv").toString(), "--certs",
                dir.resolve("none").toString(), "--password-env", "PATH");
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(run.err()).contains("directory not found");
    }

    @Test
    void unreachableHubIsNamed(@TempDir Path dir) throws Exception {
        files(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run("ledger", "import", "--hub", "http://127.0.0.1:" + port, "--user", "secadmin", "--staff",
                dir.resolve("staff.csv").toString(), "--accounts", dir.resolve("accounts.csv").toString(), "--certs",
                dir.resolve("certs").toString(), "--password-env", "PATH");
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_HUB);
        assertThat(run.err()).contains("cannot reach the hub at http://127.0.0.1:" + port);
    }

    @Test
    void reportListsCountsPerFileAndEveryRejectedRowWithFileAndLine() throws Exception {
        String json = """
                {"staff":{"created":3,"updated":1,"unchanged":0,"rejected":1},
                 "accounts":{"created":2,"updated":0,"unchanged":0,"rejected":0},
                 "certificates":{"created":2,"updated":0,"unchanged":0,"rejected":1},
                 "usage":{"created":0,"updated":2,"unchanged":0,"rejected":0},
                 "systemsCreated":1,"weakMatches":1,"unmatched":0,"bindingsChanged":0,"changed":true,
                 "rejected":[{"file":"staff.csv","line":5,"code":"STATUS_INVALID","reason":"在职状态“retired”无效"},
                             {"file":"x.pem","line":null,"code":"CERTIFICATE_UNREADABLE","reason":"不是证书"}]}
                """;
        StringWriter out = new StringWriter();
        LedgerCommand.ImportCommand.print(new ObjectMapper().readTree(json), new PrintWriter(out));
        assertThat(out.toString()).contains("staff.csv             3        1          0         1")
                .contains("rejected rows: 2").contains("  staff.csv:5: 在职状态“retired”无效 (STATUS_INVALID)")
                .contains("  x.pem: 不是证书 (CERTIFICATE_UNREADABLE)").contains("ledger changed");
    }
}
