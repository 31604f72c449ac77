package org.medsign.cli;

import java.awt.Color;
import java.nio.charset.StandardCharsets;

import org.medsign.crypto.TestPki;
import org.medsign.crypto.pdf.PdfFixtures;
import org.medsign.crypto.pdf.PdfPlacement;
import org.medsign.crypto.pdf.PdfSigner;

/**
 * A one-page report signed three times in sequence with an in-memory test PKI — doctor (certifying, DocMDP P=2),
 * reviewer, department seal — each signature its own incremental update with a signature timestamp.
 */
final class SignedPdfs {

    final TestPki pki = new TestPki();
    final byte[] original = PdfFixtures.onePage();
    final byte[] signed;

    SignedPdfs() {
        TestPki.Holder doctor = pki.issue("CN=Zhang Wei,OU=Laboratory,O=Test Hospital,C=CN");
        TestPki.Holder reviewer = pki.issue("CN=Wang Fang,OU=Laboratory,O=Test Hospital,C=CN");
        TestPki.Holder department = pki.issue("CN=Laboratory Department Seal,O=Test Hospital,C=CN");
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

    /** {@link #signed} with one bit flipped at {@code offset}. */
    byte[] tamperedAt(int offset) {
        byte[] tampered = signed.clone();
        tampered[offset] ^= 0x01;
        return tampered;
    }

    /** An offset inside the original file (the binary comment after the header): every signature covers it. */
    int inOriginal() {
        return indexOf("\n%", 0) + 2;
    }

    /** An offset in the revision that ends at {@code revisionEnd}'s successor: a digit of the next /M date. */
    int afterRevisionEnd(long revisionEnd) {
        return indexOf("(D:", (int) revisionEnd) + 3;
    }

    int indexOf(String text, int from) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i <= signed.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (signed[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("'" + text + "' not found after " + from);
    }
}
