package org.medsign.crypto.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.ReasonCode;

/**
 * Doctor, reviewer and department seal sign one report in sequence, each as its own incremental update: all three
 * stay valid, and a byte changed anywhere breaks exactly the signatures whose byte ranges cover it.
 */
class PdfSignatureSequenceTests {

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();
    private final TestPki.Holder doctor = pki.issue("CN=Zhang Wei,OU=Laboratory,O=Test Hospital,C=CN");
    private final TestPki.Holder reviewer = pki.issue("CN=Wang Fang,OU=Laboratory,O=Test Hospital,C=CN");
    private final TestPki.Holder department = pki.issue("CN=Laboratory Department Seal,O=Test Hospital,C=CN");
    private final PdfSignatures signatures =
            new PdfSignatures(CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build());

    private byte[] original;
    private byte[] signed;

    @BeforeEach
    void signThreeTimes() {
        original = PdfFixtures.onePage();
        byte[] once = signer(doctor, "doctor", Color.BLUE).certify(true).build()
                .sign(original, PdfPlacement.onPage(1, 20, 30, 30, 30));
        byte[] twice = signer(reviewer, "reviewer", Color.BLUE).build()
                .sign(once, PdfPlacement.onPage(1, 70, 30, 30, 30));
        signed = signer(department, "department", Color.RED).build()
                .sign(twice, PdfPlacement.onPage(1, 130, 25, 40, 40));
    }

    private PdfSigner.Builder signer(TestPki.Holder holder, String field, Color color) {
        return PdfSigner.builder().key(holder.key()).certificate(holder.certificate()).chain(pki.chain())
                .timestamps(pki.tsa).sealImage(PdfFixtures.sealPng(color)).fieldName(field);
    }

    @Test
    void allThreeSignaturesVerifyEachCoveringItsOwnRevision() throws Exception {
        List<PdfSignatureReport> reports = signatures.verify(signed);

        assertThat(reports).extracting(PdfSignatureReport::fieldName).containsExactly("doctor", "reviewer",
                "department");
        for (PdfSignatureReport report : reports) {
            assertThat(report.valid()).as(report.fieldName() + ": " + report.cms().toText()).isTrue();
            assertThat(report.timestampValid()).isTrue();
            assertThat(report.byteRange().offset1()).isZero();
        }
        assertThat(reports).extracting(PdfSignatureReport::revision).containsExactly(2, 3, 4);
        assertThat(reports).extracting(PdfSignatureReport::laterRevisions).containsExactly(2, 1, 0);
        assertThat(reports).extracting(PdfSignatureReport::modifiedAfter).containsExactly(true, true, false);
        assertThat(reports).extracting(r -> r.signer().subject()).containsExactly(
                "CN=Zhang Wei,OU=Laboratory,O=Test Hospital,C=CN", "CN=Wang Fang,OU=Laboratory,O=Test Hospital,C=CN",
                "CN=Laboratory Department Seal,O=Test Hospital,C=CN");
        assertThat(reports).extracting(PdfSignatureReport::docMdpPermission).containsExactly(2, null, null);
        assertThat(reports.get(2).revisionEnd()).isEqualTo(signed.length);
        assertThat(reports.get(0).revisionEnd()).isLessThan(reports.get(1).revisionEnd());

        Path file = dir.resolve("three.pdf");
        Files.write(file, signed);
        assertThat(PdfTools.qpdfCheck(file).exit()).isZero();
        Openssl.Result pdfsig = PdfTools.pdfsig(file);
        assertThat(pdfsig.out()).contains("Signature #1").contains("Signature #2").contains("Signature #3")
                .contains("Zhang Wei").contains("Wang Fang").contains("Laboratory Department Seal");
    }

    @Test
    void theSummaryOfEachSignatureNamesItsChainRevocationAndProblems() {
        assertThat(PdfSignatures.revisions(signed)).isEqualTo(4);
        assertThat(PdfSignatures.revisions(original)).isEqualTo(1);
        for (PdfSignatureReport report : signatures.verify(signed)) {
            assertThat(report.problems()).as(report.fieldName()).isEmpty();
            assertThat(report.chainValid()).isTrue();
            // no CRL given to the verifier: checked nothing, which is a warning, not a failure
            assertThat(report.revocation().status()).isEqualTo(org.medsign.crypto.verify.Check.Status.WARNING);
            assertThat(report.revocation().reason()).isEqualTo(ReasonCode.REVOCATION_NOT_CHECKED);
        }

        byte[] tampered = signed.clone();
        tampered[indexOf(signed, "\n%", 0) + 2] ^= 0x01;
        PdfSignatureReport doctorReport = signatures.verify(tampered).get(0);
        assertThat(doctorReport.problems()).extracting(PdfSignatureReport.Problem::code)
                .containsExactly("DIGEST_MISMATCH");
        assertThat(doctorReport.problems().get(0).message()).startsWith("signature: ");

        TestPki other = new TestPki(); // same CA names, other keys: the path is found, its signatures do not verify
        PdfSignatureReport untrusted = new PdfSignatures(CmsSignatureVerifier.builder()
                .trustAnchors(List.of(other.root())).build()).verify(signed).get(0);
        assertThat(untrusted.chainValid()).isFalse();
        assertThat(untrusted.problems()).extracting(PdfSignatureReport.Problem::code)
                .contains(ReasonCode.CHAIN_SIGNATURE_INVALID.name());
    }

    @Test
    void aByteRangeThatStopsShortOfItsRevisionIsAProblemOfItsOwn() {
        // the last signature's range rewritten to end ten bytes early, same width, so that the file stays parseable
        List<PdfSignatureReport> before = signatures.verify(signed);
        PdfByteRange range = before.get(2).byteRange();
        String written = "/ByteRange [" + range.offset1() + " " + range.length1() + " " + range.offset2() + " "
                + range.length2();
        int at = indexOf(signed, written, 0);
        String shorter = "/ByteRange [" + range.offset1() + " " + range.length1() + " " + range.offset2() + " "
                + (range.length2() - 10);
        byte[] changed = signed.clone();
        byte[] replacement = (shorter + " ".repeat(written.length() - shorter.length()))
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(replacement, 0, changed, at, replacement.length);

        PdfSignatureReport report = signatures.verify(changed).get(2);

        assertThat(report.valid()).isFalse();
        assertThat(report.coversRevision()).isFalse();
        assertThat(report.problems().get(0).code()).isEqualTo("BYTE_RANGE_INCOMPLETE");
        assertThat(report.problems().get(0).message()).contains("does not end at the end of a revision");
    }

    @Test
    void aByteChangedInTheOriginalRevisionBreaksAllThree() {
        int offset = indexOf(signed, "\n%", 0) + 2; // the binary comment line after %PDF-x.y
        assertExactlyTheCoveringSignaturesFail(offset, List.of(false, false, false));
    }

    @Test
    void aByteChangedInTheReviewersRevisionBreaksTheReviewerAndTheSealButNotTheDoctor() {
        List<PdfSignatureReport> before = signatures.verify(signed);
        int offset = indexOf(signed, "(D:", (int) before.get(0).revisionEnd()) + 3;
        assertThat(offset).isLessThan((int) before.get(1).revisionEnd());
        assertExactlyTheCoveringSignaturesFail(offset, List.of(true, false, false));
    }

    @Test
    void aByteChangedOnlyInTheLastRevisionBreaksOnlyTheLastSignature() {
        List<PdfSignatureReport> before = signatures.verify(signed);
        int offset = indexOf(signed, "(D:", (int) before.get(1).revisionEnd()) + 3;
        assertExactlyTheCoveringSignaturesFail(offset, List.of(true, true, false));
    }

    @Test
    void aByteChangedInTheZeroPaddingOfTheLastContentsHoleBreaksNothingBecauseNoRangeCoversIt() {
        List<PdfSignatureReport> before = signatures.verify(signed);
        int offset = (int) before.get(2).byteRange().offset2() - 10; // '0' padding after the CMS, inside <...>
        assertThat(signed[offset]).isEqualTo((byte) '0');
        assertExactlyTheCoveringSignaturesFail(offset, List.of(true, true, true));
    }

    @Test
    void refusesACertificationSignatureOnADocumentThatIsAlreadySigned() {
        PdfSigner certifier = signer(reviewer, "late-certification", Color.BLUE).certify(true).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> certifier.sign(signed,
                PdfPlacement.onPage(1, 20, 100, 30, 30))).isInstanceOf(IllegalStateException.class)
                .hasMessage("a certification (DocMDP) signature must be the first signature");
    }

    @Test
    void refusesAFieldNameThatIsAlreadyTaken() {
        PdfSigner again = signer(reviewer, "doctor", Color.BLUE).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> again.sign(signed,
                PdfPlacement.onPage(1, 20, 100, 30, 30))).isInstanceOf(IllegalStateException.class)
                .hasMessage("the document already has a field named doctor");
    }

    /** Flips one byte and checks each signature's verdict against whether its byte range covers that byte. */
    private void assertExactlyTheCoveringSignaturesFail(int offset, List<Boolean> expectedValid) {
        List<PdfSignatureReport> before = signatures.verify(signed);
        List<Boolean> covered = before.stream().map(r -> r.byteRange().covers(offset)).toList();
        assertThat(covered).as("which byte ranges cover offset " + offset)
                .isEqualTo(expectedValid.stream().map(v -> !v).toList());

        byte[] tampered = signed.clone();
        tampered[offset] ^= 0x01;
        List<PdfSignatureReport> after = signatures.verify(tampered);

        assertThat(after).extracting(PdfSignatureReport::fieldName).containsExactly("doctor", "reviewer",
                "department");
        for (int i = 0; i < after.size(); i++) {
            PdfSignatureReport report = after.get(i);
            assertThat(report.valid()).as(report.fieldName()).isEqualTo(expectedValid.get(i));
            assertThat(report.signatureIntact()).as(report.fieldName()).isEqualTo(expectedValid.get(i));
            assertThat(report.coversRevision()).as("coverage does not depend on the content").isTrue();
            if (!expectedValid.get(i)) {
                assertThat(report.cms().reason()).as(report.fieldName()).isEqualTo(ReasonCode.DIGEST_MISMATCH);
            }
        }
    }

    private static int indexOf(byte[] bytes, String text, int from) {
        int at = PdfDocuments.indexOf(bytes, text.getBytes(StandardCharsets.US_ASCII), from, bytes.length);
        assertThat(at).as("'" + text + "' after " + from).isNotNegative();
        return at;
    }
}
