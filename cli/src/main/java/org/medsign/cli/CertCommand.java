package org.medsign.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.ca.CaDirectory;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.ca.RevocationEntry;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.key.KeyFiles;
import org.medsign.crypto.key.SoftwareSigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medsign cert}: issue, revoke, hold and release end-entity certificates. */
@Command(name = "cert", mixinStandardHelpOptions = true, description = "Issue and revoke certificates.",
        subcommands = {CertCommand.Issue.class, CertCommand.Revoke.class, CertCommand.Release.class})
final class CertCommand extends CommandGroup {

    /** {@code medsign cert issue}. */
    @Command(name = "issue", mixinStandardHelpOptions = true,
            description = "Generate an SM2 key and issue a GM/T 0015 signing certificate; prints the serial (hex).")
    static final class Issue extends CliCommand {
        @Option(names = "--subject", required = true, paramLabel = "DN",
                description = "Subject, e.g. \"CN=张三,OU=心内科,O=Hospital,C=CN,SERIALNUMBER=D0001\".")
        String subject;

        @Option(names = "--out", required = true, paramLabel = "PREFIX",
                description = "Writes PREFIX.pem (certificate, then the issuing CA) and PREFIX.key (encrypted).")
        String prefix;

        @Option(names = "--days", paramLabel = "N", description = "Validity in days (default: the CA's, 730).")
        Integer days;

        @Option(names = "--id-card-env", paramLabel = "VAR",
                description = "Environment variable with a resident ID number for the GM/T 0015 identity extension.")
        String idCardVariable;

        @Mixin
        CaDirectoryOption caDirectory;

        @Override
        public Integer call() {
            char[] secret = caDirectory.password.password();
            CaDirectory ca = CaDirectory.open(caDirectory.dir, secret, Clock.systemUTC());
            SoftwareSigningKey key = SoftwareSigningKey.generate(prefix);
            Instant now = Instant.now();
            String identity = idCardVariable == null ? null : System.getenv(idCardVariable);
            X509CertificateHolder certificate = ca.authority().issue(CertificateRequest.builder()
                    .subject(DistinguishedNames.parse(subject)).publicKey(key.publicKeyInfo())
                    .validity(now, days == null ? null : now.plus(Duration.ofDays(days)))
                    .identityNumber(identity).build());
            KeyFiles.writeEncrypted(Path.of(prefix + ".key"), key.exportPrivateKeyInfo(), secret);
            CliFiles.write(Path.of(prefix + ".pem"), Pem.certificatesPem(List.of(certificate, ca.issuing()))
                    .getBytes(StandardCharsets.US_ASCII));
            spec.commandLine().getOut().println(SerialNumbers.hex(certificate.getSerialNumber()));
            return 0;
        }
    }

    /** {@code medsign cert revoke}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a certificate (reason certificateHold suspends it; see 'cert release').")
    static final class Revoke extends CliCommand {
        @Option(names = "--serial", required = true, paramLabel = "HEX", description = "Serial number in hex.")
        String serial;

        @Option(names = "--reason", required = true, paramLabel = "REASON",
                description = "RFC 5280 reason: unspecified, keyCompromise, cACompromise, affiliationChanged, "
                        + "superseded, cessationOfOperation, certificateHold, privilegeWithdrawn, aACompromise.")
        String reason;

        @Mixin
        CaDirectoryOption caDirectory;

        @Override
        public Integer call() {
            RevocationReason parsed = RevocationReason.parse(reason);
            CaDirectory ca = caDirectory.open();
            RevocationEntry entry = ca.authority().revoke(SerialNumbers.parseHex(serial), parsed);
            spec.commandLine().getOut().println((parsed.isHold() ? "held " : "revoked ")
                    + SerialNumbers.hex(entry.serial()) + " " + entry.reason().rfcName() + " " + entry.revokedAt());
            return 0;
        }
    }

    /** {@code medsign cert release}. */
    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release a certificateHold.")
    static final class Release extends CliCommand {
        @Option(names = "--serial", required = true, paramLabel = "HEX", description = "Serial number in hex.")
        String serial;

        @Mixin
        CaDirectoryOption caDirectory;

        @Override
        public Integer call() {
            CaDirectory ca = caDirectory.open();
            ca.authority().releaseHold(SerialNumbers.parseHex(serial));
            spec.commandLine().getOut().println("released " + serial);
            return 0;
        }
    }
}
