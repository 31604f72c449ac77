package org.medsign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.pdf.PdfFixtures;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import picocli.CommandLine;

/**
 * {@code medsign verify-pdf} in process: one block per signature, exit 0 only when the PDF has signatures and all are
 * valid, 1 naming the broken signatures, 3 for a file that is not a PDF or is encrypted.
 */
class VerifyPdfCommandTests {

    private static SignedPdfs pdfs;
    private static List<PdfSignatureReport> reports;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void signThreeTimes() {
        pdfs = new SignedPdfs();
        reports = new PdfSignatures(CmsSignatureVerifier.builder().trustAnchors(List.of(pdfs.pki.root())).build())
                .verify(pdfs.signed);
    }

    private static Run run(String... args) {
        CommandLine commandLine = MedsignCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** A line of a signature block as the command prints it. */
    private static String line(String label, String value) {
        return "  " + String.format("%-15s", label + ":") + value;
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private Run verify(byte[] pdf, TestPki trusted) throws Exception {
        Path root = write("root.pem", Pem.certificatePem(trusted.root()).getBytes(StandardCharsets.US_ASCII));
        return run("verify-pdf", write("report.pdf", pdf).toString(), "--trust", root.toString());
    }

    @Test
    void printsOneBlockPerSignatureAndExitsZeroWhenAllThreeAreValid() throws Exception {
        Run run = verify(pdfs.signed, pdfs.pki);

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("signature 1: doctor  VALID").contains("signature 2: reviewer  VALID")
                .contains("signature 3: department  VALID")
                .contains(line("signer", "CN=Zhang Wei,OU=Laboratory,O=Test Hospital,C=CN"))
                .contains(line("sub-filter", "adbe.pkcs7.detached"))
                .contains(line("byte range", reports.get(0).byteRange() + " = bytes [0, "))
                .contains(line("revision", "2 of 4, ends at byte " + reports.get(0).revisionEnd()
                        + ", 2 later revision(s)"))
                .contains(line("revision", "4 of 4, ends at byte " + pdfs.signed.length + ", no later revision"))
                .contains(line("covers", "its whole revision except the signature's /Contents"))
                .contains(line("intact", "yes")).contains(line("certification", "DocMDP P=2"))
                .contains(line("chain", "valid to a trust anchor"))
                .contains(line("timestamp", reports.get(2).timestampTime() + " (valid)"))
                .contains(line("revocation", "WARNING: no CRL or OCSP response given"))
                .contains("VALID: 3 of 3 signature(s) valid, 4 revision(s)")
                .doesNotContain(line("problem", ""));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aByteChangedInTheReviewersRevisionFailsTheReviewerAndTheSealWithExitOne() throws Exception {
        Run run = verify(pdfs.tamperedAt(pdfs.afterRevisionEnd(reports.get(0).revisionEnd())), pdfs.pki);

        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_INVALID);
        assertThat(run.out()).contains("signature 1: doctor  VALID").contains("signature 2: reviewer  INVALID")
                .contains("signature 3: department  INVALID").contains(line("intact", "NO"))
                .contains(line("problem", "DIGEST_MISMATCH signature: the content does not match the signed message "
                        + "digest"))
                .contains("INVALID: 1 of 3 signature(s) valid");
        assertThat(run.err()).contains("medsign: signature 2 (reviewer) not valid: DIGEST_MISMATCH")
                .contains("medsign: signature 3 (department) not valid: DIGEST_MISMATCH")
                .doesNotContain("signature 1 (doctor)");
    }

    @Test
    void anotherTrustAnchorBreaksTheChainOfEverySignature() throws Exception {
        Run run = verify(pdfs.signed, new TestPki());

        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_INVALID);
        assertThat(run.out()).contains(line("chain", "NOT valid")).doesNotContain(line("chain", "valid"))
                .contains(line("intact", "yes"));
    }

    @Test
    void aPdfWithoutSignaturesIsNotValid() throws Exception {
        Run run = verify(pdfs.original, pdfs.pki);

        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_INVALID);
        assertThat(run.out()).contains("INVALID: 0 of 0 signature(s) valid, 1 revision(s)");
        assertThat(run.err()).contains("medsign: the PDF has no signatures");
    }

    @Test
    void aFileThatIsNotAPdfOrIsEncryptedIsBadInput() throws Exception {
        Run text = verify("检验报告".getBytes(StandardCharsets.UTF_8), pdfs.pki);
        assertThat(text.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(text.err()).contains("medsign: error: not a PDF").doesNotContain("\tat ");

        Run encrypted = verify(PdfFixtures.encrypted("secret"), pdfs.pki);
        assertThat(encrypted.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(encrypted.err()).contains("medsign: error: the PDF is encrypted").doesNotContain("\tat ");

        Run missing = run("verify-pdf", dir.resolve("none.pdf").toString(), "--trust", "root.pem");
        assertThat(missing.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(missing.err()).contains("file not found");

        Run noTrust = run("verify-pdf", write("x.pdf", pdfs.signed).toString());
        assertThat(noTrust.exit()).isEqualTo(2);
        assertThat(noTrust.err()).contains("Missing required option: '--trust=ROOT.pem'");
    }
}
