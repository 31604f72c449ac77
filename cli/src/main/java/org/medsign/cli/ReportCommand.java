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
        description = "Operations reports from a running hub (inspection 巡检, annual summary 年度运维总结).",
        subcommands = {ReportCommand.Inspection.class, ReportCommand.Annual.class})
final class ReportCommand extends CommandGroup {

    /** {@code medsign report inspection}: runs an inspection on the hub and downloads its PDF report. */
    @Command(name = "inspection", mixinStandardHelpOptions = true,
            description = {"Run an inspection (巡检) on the hub now and write its report (PDF, Chinese): versions, "
                    + "uptime, health, capacity, traffic and error rates, latency, certificates, CA/TSA, audit chain, "
                    + "evidence records, backups, dead letters, incidents and alerts, security settings, findings.",
                    "With --onsite the semi-annual on-site inspection (半年度现场巡检): the same run plus the "
                    + "engineer's observations of the on-site checklist, read from a JSON file "
                    + "{\"engineer\":\"…\",\"observations\":[{\"item\":\"机房环境\",\"result\":\"OK|ATTENTION|FAIL\","
                    + "\"note\":\"…\"}]} (docs/operations.md \"On-site inspection\").",
                    "The system administrator's password is read from the environment (MEDSIGN_PASSWORD)."})
    static final class Inspection extends CliCommand {

        @CommandLine.Mixin
        HubConnectionOptions connection = new HubConnectionOptions();

        @Option(names = "--out", required = true, paramLabel = "FILE.pdf", description = "Where to write the report.")
        Path out;

        @Option(names = "--onsite", paramLabel = "FILE.json", description = "Run the semi-annual on-site inspection "
                + "with the engineer and observations in this JSON file.")
        Path onsite;

        @Override
        public Integer call() throws Exception {
            String body = onsite == null ? null : onsiteBody(onsite);
            HubClient client = connection.client("the system administrator");
            JsonNode inspection = client.json("POST", "/api/v1/ops/inspections", body, Duration.ofMinutes(5));
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
            printer.printf("%sinspection %d: report written to %s (%d bytes); findings: %d high, %d medium, %d low%n",
                    onsite == null ? "" : "on-site ", id, out, pdf.length, high, medium, low);
            printer.flush();
            return 0;
        }

        /** The on-site request from the file: its JSON object with {@code kind} set to ONSITE. */
        static String onsiteBody(Path file) {
            JsonNode read;
            try {
                read = new com.fasterxml.jackson.databind.ObjectMapper().readTree(CliFiles.read(file));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InputFileException(file + " is not JSON: " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                throw new InputFileException("cannot read " + file + ": " + e.getMessage());
            }
            if (read == null || !read.isObject() || !read.path("observations").isArray()) {
                throw new InputFileException(file + " is not a JSON object with \"engineer\" and \"observations\" "
                        + "(an array)");
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) read).put("kind", "ONSITE");
            return read.toString();
        }
    }

    /** {@code medsign report annual}: downloads the annual maintenance summary and health assessment of a year. */
    @Command(name = "annual", mixinStandardHelpOptions = true,
            description = {"Write the annual maintenance summary and health assessment (年度运维总结与系统健康评估) of a "
                    + "year (PDF, Chinese): availability, signatures per system and month, incidents and SLA, renewals "
                    + "and certificate changes, inspections and findings, upgrades and changes, health score.",
                    "The system administrator's password is read from the environment (MEDSIGN_PASSWORD)."})
    static final class Annual extends CliCommand {

        @CommandLine.Mixin
        HubConnectionOptions connection = new HubConnectionOptions();

        @Option(names = "--year", required = true, paramLabel = "YYYY", description = "The calendar year (hospital's "
                + "zone), e.g. 2026; the current year gives the figures so far.")
        String year;

        @Option(names = "--out", required = true, paramLabel = "FILE.pdf", description = "Where to write the report.")
        Path out;

        @Override
        public Integer call() throws Exception {
            HubClient client = connection.client("the system administrator");
            String query = "?year=" + java.net.URLEncoder.encode(year, java.nio.charset.StandardCharsets.UTF_8);
            JsonNode report = client.json("GET", "/api/v1/ops/annual-report" + query, null, Duration.ofMinutes(5));
            byte[] pdf = client.call("GET", "/api/v1/ops/annual-report.pdf" + query, null, "application/pdf",
                    Duration.ofMinutes(5));
            CliFiles.write(out, pdf);
            PrintWriter printer = spec.commandLine().getOut();
            printer.printf("annual report %s: written to %s (%d bytes); health score %d (%s); %d signatures, "
                            + "%d incidents, %d inspections%n", report.path("year").asText(), out, pdf.length,
                    report.path("health").path("score").asInt(), report.path("health").path("grade").asText(),
                    report.path("volumes").path("signatures").asLong(), report.path("incidents").path("opened").asInt(),
                    report.path("inspections").path("runs").size());
            printer.flush();
            return 0;
        }
    }
}
