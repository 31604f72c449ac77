package org.medsign.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.verify.Check;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.RevocationData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code medsign verify-pdf}: verify every signature of a PDF offline and print one block per signature. */
@Command(name = "verify-pdf", mixinStandardHelpOptions = true,
        description = {"Verify every signature of a PDF: byte-range coverage of its revision, the CMS over the byte",
                "ranges, timestamp, chain to the trust anchors and revocation. Exit 0 when the PDF has signatures and",
                "all are valid; 1 when one is not valid or there is none; 3 when the file is not a PDF or encrypted."})
final class VerifyPdfCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "FILE.pdf", description = "The signed PDF.")
    Path in;

    @Option(names = "--trust", required = true, paramLabel = "ROOT.pem",
            description = "Trust anchor(s): a PEM file with one or more certificates; repeatable.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--crl", paramLabel = "CRL.pem", description = "CRL(s) to check revocation against.")
    List<Path> crls = new ArrayList<>();

    @Option(names = "--ocsp", paramLabel = "RESP.der", description = "OCSP response(s) to check revocation against.")
    List<Path> ocsp = new ArrayList<>();

    @Option(names = "--require-revocation", description = "Missing revocation data makes a signature invalid.")
    boolean requireRevocation;

    @Override
    public Integer call() {
        byte[] pdf = CliFiles.read(in);
        List<X509CertificateHolder> anchors = new ArrayList<>();
        for (Path file : trust) {
            anchors.addAll(CliFiles.certificates(file));
        }
        List<X509CRLHolder> crlHolders = new ArrayList<>();
        for (Path crl : crls) {
            crlHolders.add(Pem.parseCrl(CliFiles.read(crl)));
        }
        RevocationData revocation = RevocationData.ofCrls(crlHolders);
        for (Path response : ocsp) {
            revocation = revocation.withOcspResponse(CliFiles.read(response));
        }
        CmsSignatureVerifier verifier = CmsSignatureVerifier.builder().trustAnchors(anchors).revocation(revocation)
                .revocationRequired(requireRevocation).build();
        List<PdfSignatureReport> reports = new PdfSignatures(verifier).verify(pdf);
        int revisions = PdfSignatures.revisions(pdf);

        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < reports.size(); i++) {
            print(out, i + 1, reports.get(i), revisions);
        }
        long valid = reports.stream().filter(PdfSignatureReport::valid).count();
        boolean allValid = !reports.isEmpty() && valid == reports.size();
        out.println((allValid ? "VALID" : "INVALID") + ": " + valid + " of " + reports.size()
                + " signature(s) valid, " + revisions + " revision(s), " + pdf.length + " bytes");
        out.flush();
        if (allValid) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        if (reports.isEmpty()) {
            err.println("medsign: the PDF has no signatures: " + in);
        }
        for (int i = 0; i < reports.size(); i++) {
            PdfSignatureReport report = reports.get(i);
            if (!report.valid()) {
                PdfSignatureReport.Problem first = report.problems().get(0);
                err.println("medsign: signature " + (i + 1) + " (" + report.fieldName() + ") not valid: "
                        + first.code() + " " + first.message());
            }
        }
        return MedsignCommand.EXIT_INVALID;
    }

    private static void print(PrintWriter out, int number, PdfSignatureReport report, int revisions) {
        out.println("signature " + number + ": " + report.fieldName() + "  " + (report.valid() ? "VALID" : "INVALID"));
        line(out, "sub-filter", report.subFilter());
        if (report.signer() != null) {
            line(out, "signer", report.signer().subject());
            line(out, "issuer", report.signer().issuer());
            line(out, "serial", report.signer().serialHex());
            line(out, "valid", report.signer().notBefore() + " .. " + report.signer().notAfter());
        } else {
            line(out, "signer", "(not found in the CMS)");
        }
        line(out, "byte range", report.byteRange() == null ? "(missing)" : report.byteRange() + " = bytes [0, "
                + (report.byteRange().offset1() + report.byteRange().length1()) + ") and ["
                + report.byteRange().offset2() + ", " + report.byteRange().end() + ")");
        line(out, "revision", report.revision() == 0 ? "(the range does not end at a revision)"
                : report.revision() + " of " + revisions + ", ends at byte " + report.revisionEnd()
                + (report.laterRevisions() == 0 ? ", no later revision"
                : ", " + report.laterRevisions() + " later revision(s)"));
        line(out, "covers", report.coversRevision() ? "its whole revision except the signature's /Contents"
                : "NOT its whole revision");
        line(out, "intact", report.signatureIntact() ? "yes: SM2 signature and SM3 digest verify over the ranges"
                : "NO");
        if (report.claimedSigningTime() != null) {
            line(out, "signing time", report.claimedSigningTime() + " (claimed, CMS)");
        }
        if (report.pdfSigningTime() != null) {
            line(out, "/M", report.pdfSigningTime() + " (unsigned)");
        }
        line(out, "timestamp", !report.timestampPresent() ? "none"
                : report.timestampValid() ? report.timestampTime() + " (valid)" : "present, NOT valid");
        if (report.docMdpPermission() != null) {
            line(out, "certification", "DocMDP P=" + report.docMdpPermission());
        }
        line(out, "chain", report.chainValid() ? "valid to a trust anchor" : "NOT valid");
        Check revocation = report.revocation();
        line(out, "revocation", revocation == null ? "not checked" : revocation.status()
                + (revocation.detail() == null ? "" : ": " + revocation.detail()));
        for (PdfSignatureReport.Problem problem : report.problems()) {
            line(out, "problem", problem.code() + " " + problem.message());
        }
        for (Check warning : report.cms().warnings()) {
            line(out, "warning", warning.reason() + " " + warning.name()
                    + (warning.detail() == null ? "" : ": " + warning.detail()));
        }
    }

    private static void line(PrintWriter out, String label, String value) {
        out.println("  " + String.format("%-15s", label + ":") + value);
    }
}
