package org.medsign.crypto.pdf;

import java.util.Objects;

/**
 * Where the visible signature (seal image) goes. Sizes and offsets are in millimetres (1 mm = 72/25.4 pt); the
 * origin is the lower-left corner of the page's crop box, in the page's unrotated user space (on a page with
 * {@code /Rotate} the image turns with the page).
 */
public sealed interface PdfPlacement
        permits PdfPlacement.OnPage, PdfPlacement.AfterKeyword, PdfPlacement.Straddle, PdfPlacement.InField {

    /** Points per millimetre. */
    double POINTS_PER_MM = 72 / 25.4;

    /**
     * A fixed rectangle on a page.
     *
     * @param page     1-based page number
     * @param xMm      left edge, from the left of the crop box
     * @param yMm      bottom edge, from the bottom of the crop box
     * @param widthMm  width (&gt; 0)
     * @param heightMm height (&gt; 0)
     */
    record OnPage(int page, double xMm, double yMm, double widthMm, double heightMm) implements PdfPlacement {
        public OnPage {
            if (page < 1) {
                throw new IllegalArgumentException("page is 1-based: " + page);
            }
            requirePositive(widthMm, heightMm);
        }
    }

    /**
     * Keyword placement (关键字定位). Rule: the first occurrence of {@code keyword} in reading order (pages in order,
     * text sorted by position, PDFBox text extraction) anchors the rectangle: its left edge is {@code gapMm} right of
     * the keyword's last glyph, and it is centred vertically on the middle of that glyph's line (baseline + half the
     * glyph height). The rectangle is then moved, never resized, to lie inside the crop box (e.g. a keyword at the
     * right margin puts the seal over the end of the keyword instead of beyond the page).
     *
     * @param keyword  the text to find (not blank), e.g. "医师签名："
     * @param gapMm    horizontal gap after the keyword (&gt;= 0)
     * @param widthMm  width (&gt; 0)
     * @param heightMm height (&gt; 0)
     */
    record AfterKeyword(String keyword, double gapMm, double widthMm, double heightMm) implements PdfPlacement {
        public AfterKeyword {
            Objects.requireNonNull(keyword, "keyword");
            if (keyword.isBlank()) {
                throw new IllegalArgumentException("keyword is blank");
            }
            if (!(gapMm >= 0)) {
                throw new IllegalArgumentException("gapMm must be >= 0: " + gapMm);
            }
            requirePositive(widthMm, heightMm);
        }
    }

    /**
     * Straddle seal (骑缝章): the seal ({@code widthMm} × {@code heightMm}, image fitted and centred as elsewhere) is
     * cut into N vertical strips of equal width, N = the number of pages from {@code fromPage} to {@code toPage}; strip
     * i (from the left) lies at the right edge of the crop box of the i-th page of the range, {@code yMm} above its
     * bottom, so that the pages fanned out (each page a strip's width to the left of the next) show the whole seal.
     * The first strip is the signature's widget; the others are locked stamp annotations written in the same
     * incremental revision, so the signature's byte ranges cover every strip. A range of one page (or a one-page
     * document) puts the whole seal at that page's right edge.
     *
     * @param fromPage first page, 1-based
     * @param toPage   last page, 1-based, &gt;= {@code fromPage}; 0 means the last page of the document
     * @param yMm      bottom edge of the seal, from the bottom of each page's crop box
     * @param widthMm  width of the whole seal (&gt; 0); each strip is {@code widthMm / N} wide
     * @param heightMm height (&gt; 0)
     */
    record Straddle(int fromPage, int toPage, double yMm, double widthMm, double heightMm) implements PdfPlacement {
        public Straddle {
            if (fromPage < 1) {
                throw new IllegalArgumentException("fromPage is 1-based: " + fromPage);
            }
            if (toPage != 0 && toPage < fromPage) {
                throw new IllegalArgumentException("toPage must be 0 (the last page) or >= fromPage: " + toPage);
            }
            if (!Double.isFinite(yMm)) {
                throw new IllegalArgumentException("yMm must be a number: " + yMm);
            }
            requirePositive(widthMm, heightMm);
        }
    }

    /**
     * An existing, unsigned signature field of the document's AcroForm (e.g. one a form designer put where the
     * doctor signs) is signed in place: its first widget's rectangle and page take the seal image as appearance, and
     * the field keeps its name (a {@link PdfSigner.Builder#fieldName(String) fieldName} of the signer is not used).
     * A name that is no field, a field that is not a signature field, a field already signed or one without a
     * visible widget on a page → {@link FieldNotFoundException}.
     *
     * @param fieldName the field's fully qualified name (not blank)
     */
    record InField(String fieldName) implements PdfPlacement {
        public InField {
            Objects.requireNonNull(fieldName, "fieldName");
            if (fieldName.isBlank()) {
                throw new IllegalArgumentException("fieldName is blank");
            }
        }
    }

    /** A rectangle on a 1-based page, in mm from the crop box's lower-left corner. */
    static PdfPlacement onPage(int page, double xMm, double yMm, double widthMm, double heightMm) {
        return new OnPage(page, xMm, yMm, widthMm, heightMm);
    }

    /** Right after the first occurrence of {@code keyword}, 1 mm gap. */
    static PdfPlacement afterKeyword(String keyword, double widthMm, double heightMm) {
        return new AfterKeyword(keyword, 1, widthMm, heightMm);
    }

    /** A straddle seal (骑缝章) over every page of the document, {@code yMm} above the bottom edge. */
    static PdfPlacement straddle(double yMm, double widthMm, double heightMm) {
        return new Straddle(1, 0, yMm, widthMm, heightMm);
    }

    /** Into the existing unsigned signature field {@code fieldName}. */
    static PdfPlacement inField(String fieldName) {
        return new InField(fieldName);
    }

    private static void requirePositive(double widthMm, double heightMm) {
        if (!(widthMm > 0) || !(heightMm > 0) || Double.isInfinite(widthMm) || Double.isInfinite(heightMm)) {
            throw new IllegalArgumentException("width and height must be positive: " + widthMm + " x " + heightMm);
        }
    }
}
