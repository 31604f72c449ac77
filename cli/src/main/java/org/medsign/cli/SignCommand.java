package org.medsign.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.ca.CaDirectory;
import org.medsign.crypto.cms.CmsFlavour;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.key.KeyFiles;
import org.medsign.crypto.key.SoftwareSigningKey;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.tsp.HttpTimestampClient;
import org.medsign.crypto.tsp.TimestampSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code medsign sign}: CMS SignedData with SM2/SM3. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a file: DER CMS SignedData (detached unless --attached), SM3withSM2, standard SM2 ID.")
final class SignCommand extends CliCommand {

    @Option(names = "--key", required = true, paramLabel = "K", description = "Encrypted private key (PEM).")
    Path keyFile;

    @Option(names = "--cert", required = true, paramLabel = "C",
            description = "Signer certificate (PEM or DER); further certificates in the file are included as chain.")
    Path certFile;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Content to sign.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE.p7s", description = "Output (DER).")
    Path out;

    @Option(names = "--attached", description = "Include the content in the SignedData.")
    boolean attached;

    @Option(names = "--gm", description = "Use GM/T 0010 content-type OIDs (1.2.156.10197.6.1.4.2.x).")
    boolean gm;

    @Option(names = "--chain", paramLabel = "PEM", description = "Extra certificates to include (issuers).")
    Path chainFile;

    @Option(names = "--tsa-ca", paramLabel = "DIR",
            description = "Add a signature timestamp from the TSA of this CA directory (uses the same password).")
    Path tsaCa;

    @Option(names = "--tsa-url", paramLabel = "URL", description = "Add a signature timestamp from an RFC 3161 TSA.")
    String tsaUrl;

    @Mixin
    PasswordOption password;

    @Override
    public Integer call() {
        byte[] content = CliFiles.read(in);
        List<X509CertificateHolder> certificates = CliFiles.certificates(certFile);
        char[] secret = password.password();
        String keyPem = new String(CliFiles.read(keyFile), StandardCharsets.US_ASCII);
        SoftwareSigningKey key = SoftwareSigningKey.of(keyFile.getFileName().toString(),
                Sm2.fromPrivateKeyInfo(KeyFiles.parsePrivateKey(keyPem, secret)));
        X509CertificateHolder certificate = certificates.get(0);
        if (!certificate.getSubjectPublicKeyInfo().equals(key.publicKeyInfo())) {
            throw new CliException("the key " + keyFile + " does not belong to the certificate " + certFile);
        }
        List<X509CertificateHolder> chain = new ArrayList<>(certificates.subList(1, certificates.size()));
        if (chainFile != null) {
            chain.addAll(CliFiles.certificates(chainFile));
        }
        TimestampSource timestamps = null;
        if (tsaCa != null) {
            timestamps = CaDirectory.open(tsaCa, secret, Clock.systemUTC()).timestampAuthority();
        } else if (tsaUrl != null) {
            timestamps = new HttpTimestampClient(java.net.URI.create(tsaUrl), java.time.Duration.ofSeconds(10));
        }
        byte[] cms = CmsSigner.builder().key(key).certificate(certificate).chain(chain).attached(attached)
                .flavour(gm ? CmsFlavour.GMT0010 : CmsFlavour.RFC5652).timestamps(timestamps).build().sign(content);
        CliFiles.write(out, cms);
        spec.commandLine().getOut().println("signed " + in + " → " + out + " (" + (attached ? "attached" : "detached")
                + ", " + (gm ? "GM/T 0010" : "RFC 5652") + (timestamps != null ? ", timestamped" : "") + ")");
        return 0;
    }
}
