package org.medsign.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import org.bouncycastle.cert.X509CRLHolder;
import org.medsign.crypto.ca.CaDirectory;
import org.medsign.crypto.cert.Pem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medsign crl}: issue a full CRL. */
@Command(name = "crl", mixinStandardHelpOptions = true, description = "Issue a full CRL (PEM) signed by the issuing CA.")
final class CrlCommand implements Callable<Integer> {

    @Option(names = "--ca", required = true, paramLabel = "DIR", description = "CA directory.")
    Path caDir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file (PEM).")
    Path out;

    @Option(names = "--der", description = "Write DER instead of PEM.")
    boolean der;

    @Mixin
    PasswordOption password;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CaDirectory ca = CaDirectory.open(caDir, password.password(), Clock.systemUTC());
        X509CRLHolder crl = ca.authority().generateCrl();
        CliFiles.write(out, der ? crl.getEncoded() : Pem.crlPem(crl).getBytes(StandardCharsets.US_ASCII));
        spec.commandLine().getOut().println("CRL with " + crl.getRevokedCertificates().size()
                + " entries, next update " + crl.getNextUpdate().toInstant() + " → " + out);
        return 0;
    }
}
