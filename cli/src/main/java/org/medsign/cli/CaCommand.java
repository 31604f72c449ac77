package org.medsign.cli;

import java.nio.file.Path;
import java.time.Clock;

import org.medsign.crypto.ca.CaDirectory;
import org.medsign.crypto.ca.CaSettings;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.DistinguishedNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medsign ca}: CA ceremonies on a directory. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "Create and inspect a directory-based CA.",
        subcommands = CaCommand.Init.class)
final class CaCommand extends CommandGroup {

    /** {@code medsign ca init}. */
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create root CA, issuing CA and TSA certificates with encrypted keys in DIR.")
    static final class Init extends CliCommand {

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Directory to create the CA in.")
        Path dir;

        @Option(names = "--subject", required = true, paramLabel = "DN",
                description = "Root subject, e.g. \"CN=Hospital Root CA,O=Hospital,C=CN\" or \"/C=CN/O=Hospital/CN=Root\".")
        String subject;

        @Option(names = "--crl-url", paramLabel = "URL", description = "CRL distribution point for issued certificates.")
        String crlUrl;

        @Option(names = "--ocsp-url", paramLabel = "URL", description = "OCSP responder URL for issued certificates.")
        String ocspUrl;

        @Mixin
        PasswordOption password;

        @Override
        public Integer call() {
            CaDirectory ca = CaDirectory.create(dir, DistinguishedNames.parse(subject), password.password(),
                    CaSettings.defaults().withUrls(crlUrl, ocspUrl), Clock.systemUTC());
            var out = spec.commandLine().getOut();
            out.println("root     " + SerialNumbers.hex(ca.root().getSerialNumber()) + "  "
                    + DistinguishedNames.toText(ca.root().getSubject()));
            out.println("issuing  " + SerialNumbers.hex(ca.issuing().getSerialNumber()) + "  "
                    + DistinguishedNames.toText(ca.issuing().getSubject()));
            out.println("tsa      " + SerialNumbers.hex(ca.tsa().getSerialNumber()) + "  "
                    + DistinguishedNames.toText(ca.tsa().getSubject()));
            out.println("written to " + dir.toAbsolutePath());
            return 0;
        }
    }
}
