package org.medsign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code medsign report …}: operations reports from a running hub. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Operations reports from a running hub (inspection 巡检).",
        subcommands = {ReportCommand.Inspection.class})
final class ReportCommand extends CommandGroup {

    /** {@code medsign report inspection}: runs an inspection on the hub and downloads its PDF report. */
    @Command(name = "inspection", mixinStandardHelpOptions = true,
            description = {"Run an inspection (巡检) on the hub now and write its report (PDF, Chinese): versions, "
                    + "uptime, health, capacity, traffic and error rates, latency, certificates, CA/TSA, audit chain, "
                    + "evidence records, backups, dead letters, incidents and alerts, security settings, findings.",
                    "The system administrator's password is read from the environment (MEDSIGN_PASSWORD)."})
    static final class Inspection extends CliCommand {

        @CommandLine.Mixin
        HubConnectionOptions connection = new HubConnectionOptions();

        @Option(names = "--out", required = true, paramLabel = "FILE.pdf", description = "Where to write the report.")
        Path out;

        @Override
        public Integer call() throws Exception {
            HubClient client = connection.client("the system administrator");
            JsonNode inspection = client.json("POST", "/api/v1/ops/inspections", null, Duration.ofMinutes(5));
            long id = inspection.path("id").asLong();
            byte[] pdf = client.call("GET", "/api/v1/ops/inspections/" + id + "/report.pdf", null, "application/pdf",
                    Duration.ofMinutes(2));
            CliFiles.write(out, pdf);
            int high = 0;
            int medium = 0;
            int low = 0;
            for (JsonNode finding : inspection.path("findings")) {
                switch (finding.path("severity").asText()) {
                    case "HIGH" -> high++;
                    case "MEDIUM" -> medium++;
                    default -> low++;
                }
            }
            PrintWriter printer = spec.commandLine().getOut();
            printer.printf("inspection %d: report written to %s (%d bytes); findings: %d high, %d medium, %d low%n", id,
                    out, pdf.length, high, medium, low);
            printer.flush();
            return 0;
        }
    }
}
