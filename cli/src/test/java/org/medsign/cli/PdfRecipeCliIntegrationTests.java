package org.medsign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.verify.CmsSignatureVerifier;

/**
 * A third party checks a hospital PDF without our software (issue #15 point 4): {@code medsign openssl-recipe} on a
 * report signed three times (doctor, reviewer, department seal) writes one {@code sig-N/verify.sh} per signature
 * that cuts the byte ranges with {@code dd} and checks them with OpenSSL 3 alone; all pass on the signed file, and a
 * byte changed in one revision fails exactly the scripts of the signatures covering it. {@code medsign verify-pdf}
 * agrees. The CLI runs as its own process ({@code java -jar medsign.jar}).
 */
class PdfRecipeCliIntegrationTests {

    @TempDir
    Path dir;

    private static Path jar;
    private static SignedPdfs pdfs;
    private static List<PdfSignatureReport> reports;

    @BeforeAll
    static void findJarAndSign() {
        jar = Path.of(System.getProperty("medsign.jar", "target/medsign.jar"));
        assertThat(jar).as("the shaded CLI jar (built by 'package')").exists();
        pdfs = new SignedPdfs();
        reports = new PdfSignatures(CmsSignatureVerifier.builder().trustAnchors(List.of(pdfs.pki.root())).build())
                .verify(pdfs.signed);
    }

    @BeforeEach
    void requireOpenssl() {
        Openssl.assumeAvailable();
    }

    private Openssl.Result medsign(String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return Openssl.exec(dir, Map.of(), command);
    }

    private Openssl.Result sh(String... args) {
        List<String> command = new ArrayList<>(List.of("sh"));
        command.addAll(List.of(args));
        return Openssl.exec(dir, Map.of(), command);
    }

    @Test
    void opensslAloneVerifiesEverySignatureAndATamperedByteFailsExactlyTheCoveringOnes() throws Exception {
        Files.write(dir.resolve("report.pdf"), pdfs.signed);
        Files.writeString(dir.resolve("chain.pem"), Pem.certificatesPem(pdfs.pki.chain()), StandardCharsets.US_ASCII);

        Openssl.Result recipe = medsign("openssl-recipe", "report.pdf", "--chain", "chain.pem", "--out", "recipe").ok();

        assertThat(recipe.out()).contains("sig-1: field doctor, /ByteRange " + reports.get(0).byteRange())
                .contains("sig-3: field department, /ByteRange " + reports.get(2).byteRange());
        for (int n = 1; n <= 3; n++) {
            Path sig = dir.resolve("recipe/sig-" + n);
            assertThat(sig.resolve("signature.p7s")).exists();
            assertThat(Files.readAllBytes(sig.resolve("signed.bin"))).hasSize((int) (reports.get(n - 1).byteRange()
                    .length1() + reports.get(n - 1).byteRange().length2()));
            assertThat(Files.readString(sig.resolve("verify.sh"))).contains("dd if=\"$PDF\" bs=1 skip=\"$O2\"")
                    .doesNotContain("medsign").doesNotContain("java");
        }
        Openssl.Result all = sh("recipe/verify.sh").ok();
        assertThat(all.out()).contains("sig-1 contents OK").contains("Signature Verified Successfully")
                .contains("signer digest OK").contains("signer-timestamp digest OK").contains("signer.cert.pem: OK")
                .contains("sig-1 covers the file up to byte " + reports.get(0).revisionEnd())
                .contains("sig-3 covers the whole file except its own /Contents")
                .contains("sig-1: OK").contains("sig-2: OK").contains("sig-3: OK").contains("all 3 signature(s) OK");

        assertExactlyTheCoveringScriptsFail(pdfs.inOriginal(), List.of(false, false, false));
        assertExactlyTheCoveringScriptsFail(pdfs.afterRevisionEnd(reports.get(0).revisionEnd()),
                List.of(true, false, false));
        assertExactlyTheCoveringScriptsFail(pdfs.afterRevisionEnd(reports.get(1).revisionEnd()),
                List.of(true, true, false));
    }

    /** Flips one byte, then runs each signature's script and the top-level one on the tampered copy. */
    private void assertExactlyTheCoveringScriptsFail(int offset, List<Boolean> expectedOk) throws Exception {
        assertThat(reports.stream().map(r -> !r.byteRange().covers(offset)).toList())
                .as("which byte ranges cover offset " + offset).isEqualTo(expectedOk);
        Path tampered = Files.write(dir.resolve("tampered-" + offset + ".pdf"), pdfs.tamperedAt(offset));

        for (int n = 1; n <= 3; n++) {
            Openssl.Result result = sh("recipe/sig-" + n + "/verify.sh", tampered.toString());
            if (expectedOk.get(n - 1)) {
                assertThat(result.exit()).as("sig-" + n + " at " + offset + ": " + result.err()).isZero();
                assertThat(result.out()).contains("sig-" + n + ": OK");
            } else {
                assertThat(result.exit()).as("sig-" + n + " at " + offset).isNotZero();
                assertThat(result.err()).contains("sig-" + n + ": FAILED: signer message digest (the signed bytes "
                        + "changed)");
            }
        }
        Openssl.Result all = sh("recipe/verify.sh", tampered.toString());
        assertThat(all.exit()).isNotZero();
        assertThat(all.err()).contains("NOT every signature verifies");

        // medsign verify-pdf tells the same story
        Openssl.Result verify = medsign("verify-pdf", tampered.toString(), "--trust", "chain.pem");
        assertThat(verify.exit()).isEqualTo(MedsignCommand.EXIT_INVALID);
        for (int n = 1; n <= 3; n++) {
            assertThat(verify.out()).contains("signature " + n + ": " + reports.get(n - 1).fieldName() + "  "
                    + (expectedOk.get(n - 1) ? "VALID" : "INVALID"));
        }
    }

    @Test
    void aPdfWithoutSignaturesOrAnEncryptedOneIsBadInputForTheRecipe() throws Exception {
        Files.write(dir.resolve("unsigned.pdf"), pdfs.original);
        Openssl.Result unsigned = medsign("openssl-recipe", "unsigned.pdf", "--out", "r1");
        assertThat(unsigned.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(unsigned.err()).contains("medsign: error: the PDF has no signatures").doesNotContain("\tat ");

        Files.write(dir.resolve("locked.pdf"), org.medsign.crypto.pdf.PdfFixtures.encrypted("secret"));
        Openssl.Result locked = medsign("openssl-recipe", "locked.pdf", "--kind", "pdf", "--out", "r2");
        assertThat(locked.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(locked.err()).contains("encrypted");

        Files.writeString(dir.resolve("notes.txt"), "not a pdf");
        Openssl.Result text = medsign("openssl-recipe", "notes.txt", "--kind", "pdf", "--out", "r3");
        assertThat(text.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(text.err()).contains("not a PDF");
    }
}
