package org.medsign.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.medsign.crypto.audit.AnchorTokenCheck;
import org.medsign.crypto.audit.AuditAnchor;
import org.medsign.crypto.audit.AuditChainVerifier;
import org.medsign.crypto.audit.AuditExportFormat;
import org.medsign.crypto.audit.AuditVerification;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code medsign audit}: verify and export the hub's tamper-evident audit chain, offline. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The hub's audit chain: verify, export.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand extends CommandGroup {

    /** Environment variable with the database password. */
    static final String PASSWORD_VARIABLE = "MEDSIGN_DB_PASSWORD";

    /** Where the chain is read from: a database or an export file. */
    static final class Source {
        @Option(names = "--jdbc", paramLabel = "URL", required = true,
                description = "JDBC URL of the hub database (jdbc:postgresql://… or jdbc:h2:…); password from "
                        + PASSWORD_VARIABLE + ".")
        String jdbc;

        @Option(names = "--file", paramLabel = "FILE", required = true,
                description = "An audit export file (JSON lines, from 'medsign audit export').")
        Path file;
    }

    /** {@code medsign audit verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check every hash, sequence continuity per node and every anchor token.",
                    "Exit 0: intact (prints the number of events checked). Exit 1: prints 'first bad sequence: "
                            + "node N seq S: <changed|missing|inserted|reordered|anchor mismatch> (…)'."})
    static final class Verify extends CliCommand {

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--user", paramLabel = "USER", description = "Database user (with --jdbc).")
        String user;

        @Option(names = "--trust", paramLabel = "ROOT.pem", description = "Trust anchor(s) for the anchor tokens' "
                + "TSA (default: the root certificate carried in each token, which proves integrity, not origin).")
        Path trust;

        @Option(names = "--anchors", paramLabel = "DIR", description = "Also check the anchor files the hub exported "
                + "to this directory (medsign.audit.anchor-export-dir).")
        Path anchorDir;

        @Override
        public Integer call() {
            AnchorTokenCheck tokens = new AnchorTokenCheck(trust == null ? List.of() : CliFiles.certificates(trust),
                    Clock.systemUTC());
            List<AuditAnchor> extra = anchorDir == null ? List.of() : exportedAnchors(anchorDir);
            AuditVerification result = source.jdbc != null ? fromDatabase(tokens, extra) : fromFile(tokens, extra);
            spec.commandLine().getOut().println(result.summary());
            if (!result.intact()) {
                spec.commandLine().getErr().println("medsign: audit chain NOT intact (" + result.events()
                        + " events read up to the first bad one)");
                return MedsignCommand.EXIT_INVALID;
            }
            if (!tokens.pinned() && result.anchors() > 0) {
                spec.commandLine().getErr().println("medsign: note: anchor tokens checked against the roots they "
                        + "carry; give --trust ROOT.pem to pin the TSA's root");
            }
            return 0;
        }

        private AuditVerification fromDatabase(AnchorTokenCheck tokens, List<AuditAnchor> extra) {
            try (JdbcAuditTable table = JdbcAuditTable.open(source.jdbc, user, System.getenv(PASSWORD_VARIABLE))) {
                List<AuditAnchor> anchors = new ArrayList<>(table.anchors());
                anchors.addAll(extra);
                AuditChainVerifier verifier = new AuditChainVerifier(anchors, tokens);
                table.events(verifier::accept);
                return verifier.finish();
            }
        }

        private AuditVerification fromFile(AnchorTokenCheck tokens, List<AuditAnchor> extra) {
            try (BufferedReader in = reader(source.file)) {
                AuditExportFormat.ExportReader reader = new AuditExportFormat.ExportReader(in);
                List<AuditAnchor> anchors = new ArrayList<>(reader.anchors());
                anchors.addAll(extra);
                AuditChainVerifier verifier = new AuditChainVerifier(anchors, tokens);
                var events = reader.events();
                while (events.hasNext() && verifier.accept(events.next())) {
                    // streaming: one event at a time
                }
                return verifier.finish();
            } catch (IOException e) {
                throw new InputFileException("cannot read " + source.file + ": " + e.getMessage());
            }
        }
    }

    /** {@code medsign audit export}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the audit chain (anchors, then events by node and seq) as JSON lines.")
    static final class Export extends CliCommand {

        @Option(names = "--jdbc", paramLabel = "URL", required = true,
                description = "JDBC URL of the hub database; password from " + PASSWORD_VARIABLE + ".")
        String jdbc;

        @Option(names = "--user", paramLabel = "USER", description = "Database user.")
        String user;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "Export file to write.")
        Path out;

        @Override
        public Integer call() {
            long[] events = {0};
            int anchors;
            try (JdbcAuditTable table = JdbcAuditTable.open(jdbc, user, System.getenv(PASSWORD_VARIABLE));
                 Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                AuditExportFormat.ExportWriter export = new AuditExportFormat.ExportWriter(writer);
                List<AuditAnchor> all = table.anchors();
                all.forEach(export::anchor);
                anchors = all.size();
                table.events(event -> {
                    export.event(event);
                    events[0]++;
                    return true;
                });
            } catch (IOException | UncheckedIOException e) {
                throw new CliException("cannot write " + out + ": " + e.getMessage());
            }
            spec.commandLine().getOut().println("exported " + events[0] + " events and " + anchors + " anchors to "
                    + out);
            return 0;
        }
    }

    private static BufferedReader reader(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InputFileException("file not found: " + file);
        }
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    private static List<AuditAnchor> exportedAnchors(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InputFileException("anchor directory not found: " + dir);
        }
        List<AuditAnchor> anchors = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                try (BufferedReader in = reader(file)) {
                    anchors.addAll(new AuditExportFormat.ExportReader(in).anchors());
                }
            }
        } catch (IOException e) {
            throw new InputFileException("cannot read " + dir + ": " + e.getMessage());
        }
        return anchors;
    }
}
