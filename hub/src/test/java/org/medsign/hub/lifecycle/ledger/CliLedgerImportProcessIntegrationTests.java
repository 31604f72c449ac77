package org.medsign.hub.lifecycle.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.hub.HubProcess;
import org.medsign.hub.lifecycle.inventory.InventoryCategory;

/**
 * {@code medsign ledger import} as an operator runs it: the packaged CLI jar against the packaged hub jar, both as
 * processes, the password in {@code MEDSIGN_PASSWORD}. Bad rows are listed with file and line and the exit code is
 * still 0; a second run reports everything unchanged; a wrong password exits 5. Then {@code medsign ledger campaign
 * create} (dry run, then live) and {@code watch} renew the inventory's expiring certificates until DONE.
 */
class CliLedgerImportProcessIntegrationTests {

    private static final Path CLI = Path.of(System.getProperty("medsign.cli.jar", "../cli/target/medsign.jar"))
            .toAbsolutePath();

    @TempDir
    Path work;

    private record Run(int exit, String out) {
    }

    private Run cli(String password, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("java", "-jar", CLI.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MEDSIGN_PASSWORD", password);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), out);
    }

    @Test
    void importsWithTheCliReportsBadRowsAndIsANoOpTheSecondTime() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(CLI), "the CLI jar is built first in the reactor: " + CLI);
        LedgerFixture fixture = LedgerFixture.generate(120, Instant.now(), true);
        Path files = work.resolve("files");
        fixture.writeTo(files);
        try (HubProcess hub = new HubProcess(work.resolve("home"), Map.of("MEDSIGN_ADMIN_PASSWORD", "ledger-admin",
                "MEDSIGN_BOOTSTRAP_PASSWORD", "ledger-bootstrap")).start()) {
            String[] args = {"ledger", "import", "--hub", "http://localhost:" + hub.port(), "--user", "secadmin",
                    "--staff", files.resolve("staff.csv").toString(), "--accounts",
                    files.resolve("accounts.csv").toString(), "--certs", files.resolve("certs").toString(), "--usage",
                    files.resolve("usage.csv").toString()};

            Run first = cli("ledger-admin", args);
            assertThat(first.exit()).as(first.out()).isZero();
            assertThat(first.out()).contains("staff.csv           120        0          0         5")
                    .contains("rejected rows: " + fixture.expectedRejections.size())
                    .contains("staff.csv:122: 在职状态“retired”无效").contains("garbage.pem: 不是 PEM 或 DER 格式的证书")
                    .contains("ledger changed");

            Run second = cli("ledger-admin", args);
            assertThat(second.exit()).as(second.out()).isZero();
            assertThat(second.out()).contains("staff.csv             0        0        120         5")
                    .contains("certificates          0        0 " + String.format("%10d", fixture.goodCertificates))
                    .contains("ledger unchanged");

            Run refused = cli("wrong-password", args);
            assertThat(refused.exit()).as(refused.out()).isEqualTo(5);
            assertThat(refused.out()).contains("the hub refused secadmin (HTTP 401)");

            HttpResponse<String> inventory = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    hub.uri("/api/v1/ledger/inventory")).header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("auditadmin:ledger-admin".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(inventory.statusCode()).isEqualTo(200);
            assertThat(inventory.body()).contains("\"missing\":" + fixture.expected.get(InventoryCategory.MISSING).size());

            // then the renewal campaign over the inventory's expiring certificates, with the same CLI
            String hubUrl = "http://localhost:" + hub.port();
            Run plan = cli("ledger-admin", "ledger", "campaign", "create", "--hub", hubUrl, "--user", "secadmin",
                    "--category", "expiring", "--dry-run");
            assertThat(plan.exit()).as(plan.out()).isZero();
            assertThat(plan.out()).contains("(dry run, nothing changed)").contains("start it with: POST");
            Run create = cli("ledger-admin", "ledger", "campaign", "create", "--hub", hubUrl, "--user", "secadmin",
                    "--category", "expiring");
            assertThat(create.exit()).as(create.out()).isZero();
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("campaign (\\d+) ").matcher(create.out());
            assertThat(id.find()).as(create.out()).isTrue();
            assertThat(create.out()).contains("watch it with: medsign ledger campaign watch");
            Run watch = cli("ledger-admin", "ledger", "campaign", "watch", "--hub", hubUrl, "--user", "secadmin",
                    "--interval", "0.2", id.group(1));
            assertThat(watch.exit()).as(watch.out()).isZero();
            assertThat(watch.out()).contains("100%").contains("failed 0").endsWith("DONE" + System.lineSeparator());
            int expiring = fixture.expected.get(InventoryCategory.EXPIRING).size();
            assertThat(watch.out()).containsPattern("done [1-9][0-9]*");
            HttpResponse<String> after = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    hub.uri("/api/v1/ledger/inventory")).header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("auditadmin:ledger-admin".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            int left = new com.fasterxml.jackson.databind.ObjectMapper().readTree(after.body()).path("counts")
                    .path("expiring").asInt(-1);
            assertThat(left).as("expiring after the campaign (%d before; renewed ones are superseded)", expiring)
                    .isBetween(0, expiring - 1);
        }
    }
}
