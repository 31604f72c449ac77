package org.medsign.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.evidence.EvidencePackageVerifier;
import org.medsign.crypto.evidence.EvidenceVerification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code medsign evidence}: evidence packages of signatures (export from a hub, verify offline). */
@Command(name = "evidence", mixinStandardHelpOptions = true, description = "Evidence packages of signatures.",
        subcommands = {EvidenceCommand.ExportCommand.class, EvidenceCommand.VerifyCommand.class})
final class EvidenceCommand extends CommandGroup {

    /** {@code medsign evidence export}: downloads the package of one signature. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Download the evidence package (ZIP) of a signature from a running hub.",
                    "The audit or security administrator's password is read from the environment (MEDSIGN_PASSWORD)."})
    static final class ExportCommand extends CliCommand {

        @CommandLine.Mixin
        HubConnectionOptions connection = new HubConnectionOptions();

        @Option(names = "--signature", required = true, paramLabel = "ID", description = "Signature id.")
        String signature;

        @Option(names = "--out", required = true, paramLabel = "FILE.zip", description = "Where to write the package.")
        Path out;

        @Override
        public Integer call() throws Exception {
            byte[] zip = connection.client("the audit or security administrator")
                    .call("GET", "/api/v1/evidence/" + URLEncoder.encode(signature, StandardCharsets.UTF_8), null,
                            "application/zip", Duration.ofMinutes(5));
            CliFiles.write(out, zip);
            PrintWriter printer = spec.commandLine().getOut();
            printer.printf("evidence package of signature %s written to %s (%d bytes)%n", signature, out,
                    zip.length);
            printer.flush();
            return 0;
        }
    }

    /** {@code medsign evidence verify}: checks a package offline. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check an evidence package offline: document digest, CMS signature, signature timestamp, "
                    + "signer chain at the timestamp's time, the CRL of the signing time, the audit events up to their "
                    + "anchor and the anchor's timestamp, the RFC 4998 evidence record if present, SM3SUMS.",
                    "Exit 0: every check passed; 1: the first failure is printed; 3: not an evidence package."})
    static final class VerifyCommand extends CliCommand {

        @Parameters(index = "0", paramLabel = "FILE.zip", description = "The evidence package.")
        Path file;

        @Option(names = "--trust", paramLabel = "ROOT.pem", description = "Pin the root certificate (recommended; "
                + "without it the package's own root is trusted, which proves integrity, not origin).")
        Path trust;

        @Option(names = "--content", paramLabel = "FILE", description = "The signed document, when the package "
                + "does not carry it.")
        Path content;

        @Override
        public Integer call() {
            X509CertificateHolder root = null;
            if (trust != null) {
                List<X509CertificateHolder> certificates = CliFiles.certificates(trust);
                if (certificates.size() != 1) {
                    throw new InputFileException(trust + ": expected exactly one root certificate");
                }
                root = certificates.get(0);
            }
            byte[] document = content == null ? null : CliFiles.read(content);
            EvidenceVerification result = new EvidencePackageVerifier(root, document, Clock.systemUTC())
                    .verify(CliFiles.read(file));
            PrintWriter out = spec.commandLine().getOut();
            for (EvidenceVerification.Item check : result.checks()) {
                out.printf("%-16s %s  %s%n", check.name(), check.passed() ? "ok    " : "FAILED", check.detail());
            }
            if (result.valid()) {
                out.println("evidence package verifies");
                if (root == null) {
                    spec.commandLine().getErr().println("medsign: note: the root was not pinned; give --trust ROOT.pem");
                }
                out.flush();
                return 0;
            }
            EvidenceVerification.Item first = result.firstFailure().orElseThrow();
            out.println("first failure: " + first.name() + ": " + first.detail());
            out.flush();
            spec.commandLine().getErr().println("medsign: evidence package does NOT verify");
            spec.commandLine().getErr().flush();
            return MedsignCommand.EXIT_INVALID;
        }
    }
}
