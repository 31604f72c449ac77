package org.medsign.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tsp.TimeStampResponse;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.interop.OpensslRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code medsign openssl-recipe}: cut an artefact into pieces OpenSSL can verify, and print the commands. */
@Command(name = "openssl-recipe", mixinStandardHelpOptions = true,
        description = {"Write tbs.der / sig.der / pub.pem pieces of a CMS signature (and its timestamp), a timestamp",
                "response, a CRL or an OCSP response into DIR, plus verify.sh with the OpenSSL commands that check",
                "them using the standard SM2 ID. Prints the commands.",
                "For a signed PDF (detected by its %PDF- header, or --kind pdf): one directory sig-N per signature with",
                "its CMS, signed bytes, pieces and a verify.sh that cuts the byte ranges out of the PDF with dd, and a",
                "top-level verify.sh running them all."})
final class OpensslRecipeCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "FILE",
            description = "FILE.p7s, FILE.tsr, a CRL, an OCSP response, or a signed PDF.")
    Path file;

    @Option(names = "--content", paramLabel = "FILE", description = "Signed content of a detached CMS signature.")
    Path content;

    @Option(names = "--issuer", paramLabel = "CERT", description = "Issuer certificate (needed for --kind crl/ocsp).")
    Path issuer;

    @Option(names = "--kind", paramLabel = "KIND",
            description = "cms (default; pdf when FILE starts with a %PDF- header), pdf, tsr, crl or ocsp.")
    String kind;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "openssl-recipe", description = "Output directory.")
    Path out;

    @Option(names = "--chain", paramLabel = "PEM",
            description = "CMS and PDF: the CA chain (issuer first, e.g. from GET /api/v1/ca/chain); adds 'openssl "
                    + "verify' of every link from the signer certificate up to the last certificate.")
    Path chain;

    @Override
    public Integer call() throws Exception {
        byte[] input = CliFiles.read(file);
        if (kind == null) {
            kind = isPdf(input) ? "pdf" : "cms";
        }
        if (kind.equals("pdf")) {
            if (content != null || issuer != null) {
                throw new CliException("--content and --issuer do not apply to a PDF: its signatures name their bytes");
            }
            String written = PdfRecipe.write(input, out, chain == null ? null : CliFiles.certificates(chain));
            spec.commandLine().getOut().print("# in " + out + ": " + PdfRecipe.DOCUMENT + ", verify.sh (runs them all) "
                    + "and per signature sig-N/verify.sh:\n" + written);
            return 0;
        }
        List<OpensslRecipe.Piece> pieces = switch (kind) {
            case "cms" -> OpensslRecipe.forCms(input, content == null ? null : CliFiles.read(content));
            case "tsr" -> {
                TimeStampResponse response = new TimeStampResponse(input);
                if (response.getTimeStampToken() == null) {
                    throw new CliException("the response carries no token (status " + response.getStatus() + ")");
                }
                yield List.of(OpensslRecipe.forTimestampToken(response.getTimeStampToken(), "timestamp"));
            }
            case "crl" -> List.of(OpensslRecipe.forCrl(Pem.parseCrl(input), issuerCertificate()));
            case "ocsp" -> List.of(OpensslRecipe.forOcspResponse(input, issuerCertificate()));
            default -> throw new CliException("unknown --kind " + kind + " (cms, pdf, tsr, crl, ocsp)");
        };
        String commands = OpensslRecipe.write(out, pieces);
        if (chain != null) {
            if (!kind.equals("cms")) {
                throw new CliException("--chain applies to --kind cms or pdf only");
            }
            commands += OpensslRecipe.writeChain(out, OpensslRecipe.signerCertificate(input,
                    content == null ? null : CliFiles.read(content)), CliFiles.certificates(chain));
        }
        CliFiles.write(out.resolve("verify.sh"), ("#!/bin/sh\nset -e\ncd \"$(dirname \"$0\")\"\n"
                + failingOnError(commands)).getBytes(StandardCharsets.UTF_8));
        out.resolve("verify.sh").toFile().setExecutable(true);
        spec.commandLine().getOut().println("# in " + out + ":");
        spec.commandLine().getOut().print(commands);
        return 0;
    }

    /** Whether the input has the %PDF- header where PDF readers look for it (the first 1024 bytes). */
    private static boolean isPdf(byte[] input) {
        String start = new String(input, 0, Math.min(input.length, 1029), StandardCharsets.ISO_8859_1);
        return start.contains("%PDF-");
    }

    /**
     * Each command ends the script when it fails: under {@code set -e} a failing {@code test} before {@code &&} (the
     * digest checks) would not.
     */
    private static String failingOnError(String commands) {
        StringBuilder script = new StringBuilder();
        for (String line : commands.split("\n")) {
            if (!line.isBlank()) {
                script.append(line).append(" || exit 1\n");
            }
        }
        return script.toString();
    }

    private X509CertificateHolder issuerCertificate() {
        if (issuer == null) {
            throw new CliException("--issuer CERT is required for --kind " + kind);
        }
        return CliFiles.certificates(issuer).get(0);
    }
}
