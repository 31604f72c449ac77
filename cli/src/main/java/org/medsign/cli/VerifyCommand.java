package org.medsign.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CRLHolder;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.RevocationData;
import org.medsign.crypto.verify.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code medsign verify}: verify CMS SignedData and print the report. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a CMS SignedData; exit 0 and the report when valid, 1 and the reason when not.")
final class VerifyCommand extends CliCommand {

    @Option(names = "--in", required = true, paramLabel = "FILE.p7s", description = "SignedData (DER or PEM).")
    Path in;

    @Option(names = "--content", paramLabel = "FILE", description = "The signed content (detached signatures).")
    Path content;

    @Option(names = "--trust", required = true, paramLabel = "ROOT.pem", description = "Trust anchor(s).")
    Path trust;

    @Option(names = "--crl", paramLabel = "CRL.pem", description = "CRL(s) to check revocation against.")
    List<Path> crls = new ArrayList<>();

    @Option(names = "--ocsp", paramLabel = "RESP.der", description = "OCSP response(s) to check revocation against.")
    List<Path> ocsp = new ArrayList<>();

    @Option(names = "--require-revocation", description = "Missing revocation data makes the result invalid.")
    boolean requireRevocation;

    @Override
    public Integer call() {
        byte[] cms = CliFiles.read(in);
        byte[] data = content == null ? null : CliFiles.read(content);
        List<X509CRLHolder> crlHolders = new ArrayList<>();
        for (Path crl : crls) {
            crlHolders.add(Pem.parseCrl(CliFiles.read(crl)));
        }
        RevocationData revocation = RevocationData.ofCrls(crlHolders);
        for (Path response : ocsp) {
            revocation = revocation.withOcspResponse(CliFiles.read(response));
        }
        VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(CliFiles.certificates(trust))
                .revocation(revocation).revocationRequired(requireRevocation).build().verify(cms, data);
        if (report.valid()) {
            spec.commandLine().getOut().print(report.toText());
            return 0;
        }
        spec.commandLine().getOut().print(report.toText());
        spec.commandLine().getErr().println("medsign: signature not valid: " + report.reason());
        return MedsignCommand.EXIT_INVALID;
    }
}
