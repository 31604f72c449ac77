package org.medsign.crypto.pdf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/** Loads PDFs for signing and verification with the same refusals (not a PDF, encrypted). */
final class PdfDocuments {

    private static final byte[] HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    /** PDF readers accept the header within the first 1024 bytes (ISO 32000-1 Annex H). */
    private static final int HEADER_WINDOW = 1024;

    private PdfDocuments() {
    }

    /** Loads {@code pdf}; the caller closes the document. */
    static PDDocument load(byte[] pdf) {
        if (pdf == null || indexOf(pdf, HEADER, 0, Math.min(pdf.length, HEADER_WINDOW + HEADER.length)) < 0) {
            throw new NotAPdfException("not a PDF: no %PDF- header in the first " + HEADER_WINDOW + " bytes");
        }
        PDDocument document;
        try {
            document = Loader.loadPDF(pdf);
        } catch (InvalidPasswordException e) {
            throw new EncryptedPdfException("the PDF is encrypted with a user password", e);
        } catch (IOException | RuntimeException e) {
            throw new NotAPdfException("not a readable PDF: " + e.getMessage(), e);
        }
        if (document.isEncrypted()) {
            close(document);
            throw new EncryptedPdfException("the PDF is encrypted; decrypt it before signing or verifying");
        }
        return document;
    }

    static void close(PDDocument document) {
        try {
            document.close();
        } catch (IOException e) {
            // in-memory document: nothing to release that matters
        }
    }

    /** First index of {@code needle} in {@code haystack[from, to)}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
        outer:
        for (int i = Math.max(0, from); i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
