package org.medsign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** In-process checks of the command tree: help everywhere, usage errors, clear messages without stack traces. */
class MedsignCommandTests {

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

    @Test
    void everyCommandHasHelp() {
        String[][] commands = {{}, {"ca"}, {"ca", "init"}, {"cert"}, {"cert", "issue"}, {"cert", "revoke"},
                {"cert", "release"}, {"crl"}, {"sign"}, {"verify"}, {"verify-pdf"}, {"ts"}, {"ts", "query"}, {"ts", "stamp"},
                {"ts", "verify"}, {"openssl-recipe"}, {"ledger"}, {"ledger", "import"}, {"audit"}, {"audit", "verify"}, {"audit", "export"},
                {"evidence"}, {"evidence", "export"}, {"evidence", "verify"}, {"compliance-pack"}, {"report"},
                {"report", "inspection"}, {"report", "annual"}};
        for (String[] command : commands) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Run run = run(args);
            assertThat(run.exit()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).startsWith("Usage: medsign");
        }
    }

    @Test
    void evidenceCommandsReportBadInputWithTheirExitCodes(@TempDir Path dir) throws Exception {
        Run noPassword = run("evidence", "export", "--hub", "http://localhost:1", "--user", "auditadmin",
                "--signature", "x", "--out", dir.resolve("x.zip").toString(), "--password-env", "MEDSIGN_TEST_SURELY_UNSET");
        assertThat(noPassword.exit()).isEqualTo(MedsignCommand.EXIT_PASSWORD);
        Run missing = run("evidence", "verify", dir.resolve("none.zip").toString());
        assertThat(missing.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        Path text = java.nio.file.Files.writeString(dir.resolve("notes.zip"), "not a zip");
        Run notZip = run("evidence", "verify", text.toString());
        assertThat(notZip.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(notZip.err()).contains("medsign: error: not a MedSign evidence package").doesNotContain("\tat ");
    }

    @Test
    void compliancePackNeedsThePasswordInTheEnvironmentAndAReachableHub(@TempDir Path dir) {
        Run noPassword = run("compliance-pack", "--hub", "http://localhost:1", "--user", "auditadmin", "--out",
                dir.resolve("pack.zip").toString(), "--password-env", "MEDSIGN_TEST_SURELY_UNSET");
        assertThat(noPassword.exit()).isEqualTo(MedsignCommand.EXIT_PASSWORD);
        Run noOut = run("compliance-pack", "--hub", "http://localhost:1", "--user", "auditadmin");
        assertThat(noOut.exit()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out");
        assertThat(java.nio.file.Files.exists(dir.resolve("pack.zip"))).isFalse();
    }

    @Test
    void reportInspectionNeedsThePasswordInTheEnvironmentAndAnOutFile(@TempDir Path dir) {
        Run noPassword = run("report", "inspection", "--hub", "http://localhost:1", "--user", "sysadmin", "--out",
                dir.resolve("inspection.pdf").toString(), "--password-env", "MEDSIGN_TEST_SURELY_UNSET");
        assertThat(noPassword.exit()).isEqualTo(MedsignCommand.EXIT_PASSWORD);
        Run noOut = run("report", "inspection", "--hub", "http://localhost:1", "--user", "sysadmin");
        assertThat(noOut.exit()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out");
        Run noOnsiteFile = run("report", "inspection", "--hub", "http://localhost:1", "--user", "sysadmin", "--out",
                dir.resolve("inspection.pdf").toString(), "--onsite", dir.resolve("missing.json").toString());
        assertThat(noOnsiteFile.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(noOnsiteFile.err()).contains("file not found");
        Path notJson = dir.resolve("onsite.json");
        try {
            java.nio.file.Files.writeString(notJson, "engineer: 王工");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Run badOnsite = run("report", "inspection", "--hub", "http://localhost:1", "--user", "sysadmin", "--out",
                dir.resolve("inspection.pdf").toString(), "--onsite", notJson.toString());
        assertThat(badOnsite.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(badOnsite.err()).contains("onsite.json");
        assertThat(java.nio.file.Files.exists(dir.resolve("inspection.pdf"))).isFalse();
    }

    @Test
    void reportAnnualNeedsTheYearThePasswordInTheEnvironmentAndAnOutFile(@TempDir Path dir) {
        Run noPassword = run("report", "annual", "--hub", "http://localhost:1", "--user", "sysadmin", "--year", "2026",
                "--out", dir.resolve("annual.pdf").toString(), "--password-env", "MEDSIGN_TEST_SURELY_UNSET");
        assertThat(noPassword.exit()).isEqualTo(MedsignCommand.EXIT_PASSWORD);
        Run noYear = run("report", "annual", "--hub", "http://localhost:1", "--user", "sysadmin", "--out",
                dir.resolve("annual.pdf").toString());
        assertThat(noYear.exit()).isEqualTo(2);
        assertThat(noYear.err()).contains("--year");
        Run noOut = run("report", "annual", "--hub", "http://localhost:1", "--user", "sysadmin", "--year", "2026");
        assertThat(noOut.exit()).isEqualTo(2);
        assertThat(noOut.err()).contains("--out");
        assertThat(java.nio.file.Files.exists(dir.resolve("annual.pdf"))).isFalse();
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        Run run = run("cert", "issue", "--ca", "x");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required options");
    }

    @Test
    void unsetPasswordVariableIsNamedWithoutStackTrace(@TempDir Path dir) {
        Run run = run("ca", "init", "--dir", dir.resolve("ca").toString(), "--subject", "CN=Test",
                "--password-env", "MEDSIGN_TEST_SURELY_UNSET");
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_PASSWORD);
        assertThat(run.err()).contains("MEDSIGN_TEST_SURELY_UNSET is not set").doesNotContain("\tat ");
    }

    @Test
    void missingFileIsAnInputError(@TempDir Path dir) {
        Run run = run("verify", "--in", dir.resolve("none.p7s").toString(), "--trust", dir.resolve("root.pem").toString());
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(run.err()).contains("file not found").doesNotContain("\tat ");
    }

    @Test
    void unknownRevocationReasonIsExplained(@TempDir Path dir) {
        Run run = run("cert", "revoke", "--ca", dir.toString(), "--serial", "01", "--reason", "lost-it",
                "--password-env", "PATH");
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(run.err()).contains("unknown revocation reason 'lost-it'").contains("keyCompromise");
    }

    @Test
    void auditVerifyNeedsExactlyOneSource(@TempDir Path dir) {
        Run neither = run("audit", "verify");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("--jdbc=URL").contains("--file=FILE");
        Run both = run("audit", "verify", "--jdbc", "jdbc:h2:mem:x", "--file", dir.resolve("a.jsonl").toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void unreachableAuditDatabaseIsExitSixWithoutThePassword() {
        Run run = run("audit", "verify", "--jdbc", "jdbc:postgresql://127.0.0.1:1/none?password=leak", "--user", "x");
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_DATABASE);
        assertThat(run.err()).contains("cannot connect to jdbc:postgresql://127.0.0.1:1/none").doesNotContain("leak")
                .doesNotContain("\tat ");
    }

    @Test
    void exportFileThatIsNotAnAuditExportIsBadInput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.jsonl");
        java.nio.file.Files.writeString(file, "{\"format\":\"other\"}\n");
        Run run = run("audit", "verify", "--file", file.toString());
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(run.err()).contains("not a medsign audit export");
    }
}
