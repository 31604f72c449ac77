package org.medsign.cli;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.medsign.crypto.ca.CaDirectory;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.verify.RevocationData;
import org.medsign.crypto.verify.TimestampVerifier;
import org.medsign.crypto.verify.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medsign ts}: RFC 3161 requests, responses and verification. */
@Command(name = "ts", mixinStandardHelpOptions = true, description = "RFC 3161 timestamps.",
        subcommands = {TsCommand.Query.class, TsCommand.Stamp.class, TsCommand.Verify.class})
final class TsCommand extends CommandGroup {

    /** {@code medsign ts query}. */
    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Write an RFC 3161 request for a file (like 'openssl ts -query -sm3 -cert').")
    static final class Query extends CliCommand {

        @Option(names = "--in", required = true, paramLabel = "FILE", description = "Data to timestamp.")
        Path in;

        @Option(names = "--out", required = true, paramLabel = "REQ.tsq", description = "Request file (DER).")
        Path out;

        @Option(names = "--sha256", description = "Use SHA-256 instead of SM3.")
        boolean sha256;

        @Override
        public Integer call() throws Exception {
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(true);
            var algorithm = sha256 ? Digests.SHA256 : Digests.SM3;
            var request = generator.generate(algorithm, Digests.digest(algorithm, CliFiles.read(in)),
                    new BigInteger(64, new SecureRandom()));
            CliFiles.write(out, request.getEncoded());
            return 0;
        }
    }

    /** {@code medsign ts stamp}. */
    @Command(name = "stamp", mixinStandardHelpOptions = true,
            description = "Answer an RFC 3161 request file with the CA directory's TSA.")
    static final class Stamp extends CliCommand {
        @Option(names = "--in", required = true, paramLabel = "REQ.tsq", description = "Request (DER).")
        Path in;

        @Option(names = "--out", required = true, paramLabel = "RESP.tsr", description = "Response (DER).")
        Path out;

        @Mixin
        CaDirectoryOption caDirectory;

        @Override
        public Integer call() throws Exception {
            byte[] request = CliFiles.read(in);
            CaDirectory ca = caDirectory.open();
            byte[] response = ca.timestampAuthority().respond(request);
            CliFiles.write(out, response);
            TimeStampResponse parsed = new TimeStampResponse(response);
            if (parsed.getTimeStampToken() == null) {
                spec.commandLine().getErr().println("medsign: request rejected: " + parsed.getStatusString()
                        + " (failInfo " + (parsed.getFailInfo() == null ? "-" : parsed.getFailInfo().intValue())
                        + "); rejection written to " + out);
                return MedsignCommand.EXIT_INPUT;
            }
            var info = parsed.getTimeStampToken().getTimeStampInfo();
            spec.commandLine().getOut().println("granted serial " + info.getSerialNumber() + " at "
                    + info.getGenTime().toInstant() + " → " + out);
            return 0;
        }
    }

    /** {@code medsign ts verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Verify a timestamp response (or token) against the data and a trust anchor.")
    static final class Verify extends CliCommand {

        @Option(names = "--in", required = true, paramLabel = "RESP.tsr", description = "Response or token (DER).")
        Path in;

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "The timestamped data.")
        Path data;

        @Option(names = "--trust", required = true, paramLabel = "ROOT.pem", description = "Trust anchor(s).")
        Path trust;

        @Override
        public Integer call() {
            VerificationReport report = new TimestampVerifier(CliFiles.certificates(trust), RevocationData.NONE,
                    Clock.systemUTC()).verifyResponse(CliFiles.read(in), CliFiles.read(data));
            spec.commandLine().getOut().print(report.toText());
            if (!report.valid()) {
                spec.commandLine().getErr().println("medsign: timestamp not valid: " + report.reason());
                return MedsignCommand.EXIT_INVALID;
            }
            return 0;
        }
    }
}
