package org.medsign.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code medsign ledger}: the hub's certificate ledger, online. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Certificate ledger on a running hub.",
        subcommands = {LedgerCommand.ImportCommand.class, CampaignCommand.class})
final class LedgerCommand extends CommandGroup {

    /** {@code medsign ledger import}: sends the roster, accounts, certificates and usage to the hub. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import staff.csv, accounts.csv, a directory of certificates (PEM or DER, any issuer) and "
                    + "optionally usage.csv into the hub's ledger. Bad rows are listed with file, line and reason; "
                    + "the exit code is 0 when every row was handled. Importing the same files again changes nothing.",
                    "The security administrator's password is read from the environment (MEDSIGN_PASSWORD)."})
    static final class ImportCommand extends CliCommand {

        private static final ObjectMapper JSON = new ObjectMapper();

        @CommandLine.Mixin
        HubConnectionOptions connection = new HubConnectionOptions();

        @Option(names = "--staff", required = true, paramLabel = "FILE", description = "staff.csv (UTF-8).")
        Path staff;

        @Option(names = "--accounts", required = true, paramLabel = "FILE", description = "accounts.csv (UTF-8).")
        Path accounts;

        @Option(names = "--certs", required = true, paramLabel = "DIR", description = "Directory of certificate files.")
        Path certs;

        @Option(names = "--usage", paramLabel = "FILE", description = "usage.csv: serial,last_used_at (ISO-8601).")
        Path usage;

        @Option(names = "--key-custody", paramLabel = "CUSTODY", defaultValue = "EXTERNAL",
                description = "Who holds the imported certificates' keys: EXTERNAL or UKEY (default: ${DEFAULT-VALUE}).")
        String keyCustody;

        @Option(names = "--lang", paramLabel = "LANG", defaultValue = "zh",
                description = "Language of the reasons: zh or en (default: ${DEFAULT-VALUE}).")
        String lang;

        @Override
        public Integer call() throws Exception {
            HubClient client = connection.client("the security administrator");
            String body = JSON.writeValueAsString(request());
            JsonNode report = client.json("POST", "/api/v1/ledger/import?lang=" + lang, body, Duration.ofMinutes(10));
            print(report, spec.commandLine().getOut());
            return 0;
        }

        private Map<String, Object> request() {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("staffCsv", text(staff));
            request.put("accountsCsv", text(accounts));
            if (usage != null) {
                request.put("usageCsv", text(usage));
            }
            request.put("keyCustody", keyCustody);
            List<Map<String, String>> files = new ArrayList<>();
            if (!Files.isDirectory(certs)) {
                throw new InputFileException("directory not found: " + certs);
            }
            try (Stream<Path> list = Files.list(certs)) {
                for (Path file : list.filter(Files::isRegularFile).sorted().toList()) {
                    files.add(Map.of("name", file.getFileName().toString(),
                            "content", Base64.getEncoder().encodeToString(CliFiles.read(file))));
                }
            } catch (IOException e) {
                throw new InputFileException("cannot list " + certs + ": " + e.getMessage());
            }
            request.put("certificates", files);
            return request;
        }

        private static String text(Path file) {
            return new String(CliFiles.read(file), StandardCharsets.UTF_8);
        }

        static void print(JsonNode report, PrintWriter out) {
            out.printf("%-14s %8s %8s %10s %9s%n", "", "created", "updated", "unchanged", "rejected");
            for (String[] file : new String[][] {{"staff", "staff.csv"}, {"accounts", "accounts.csv"},
                    {"certificates", "certificates"}, {"usage", "usage.csv"}}) {
                JsonNode counts = report.path(file[0]);
                out.printf("%-14s %8d %8d %10d %9d%n", file[1], counts.path("created").asInt(),
                        counts.path("updated").asInt(), counts.path("unchanged").asInt(), counts.path("rejected").asInt());
            }
            out.printf("systems created: %d; weak matches (CN/OU only, check them): %d; certificates without holder: %d; "
                            + "bindings changed: %d%n", report.path("systemsCreated").asInt(),
                    report.path("weakMatches").asInt(), report.path("unmatched").asInt(),
                    report.path("bindingsChanged").asInt());
            JsonNode rejected = report.path("rejected");
            out.printf("rejected rows: %d%n", rejected.size());
            for (JsonNode row : rejected) {
                out.printf("  %s%s: %s (%s)%n", row.path("file").asText(),
                        row.path("line").isNull() || row.path("line").isMissingNode() ? ""
                                : ":" + row.path("line").asInt(),
                        row.path("reason").asText(), row.path("code").asText());
            }
            out.println(report.path("changed").asBoolean() ? "ledger changed" : "ledger unchanged");
            out.flush();
        }
    }
}
