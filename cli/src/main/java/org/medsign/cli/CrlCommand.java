package org.medsign.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.bouncycastle.cert.X509CRLHolder;
import org.medsign.crypto.ca.CaDirectory;
import org.medsign.crypto.cert.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medsign crl}: issue a full CRL. */
@Command(name = "crl", mixinStandardHelpOptions = true, description = "Issue a full CRL (PEM) signed by the issuing CA.")
final class CrlCommand extends CliCommand {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file (PEM).")
    Path out;

    @Option(names = "--der", description = "Write DER instead of PEM.")
    boolean der;

    @Mixin
    CaDirectoryOption caDirectory;

    @Override
    public Integer call() throws Exception {
        CaDirectory ca = caDirectory.open();
        X509CRLHolder crl = ca.authority().generateCrl();
        CliFiles.write(out, der ? crl.getEncoded() : Pem.crlPem(crl).getBytes(StandardCharsets.US_ASCII));
        spec.commandLine().getOut().println("CRL with " + crl.getRevokedCertificates().size()
                + " entries, next update " + crl.getNextUpdate().toInstant() + " → " + out);
        return 0;
    }
}
