package org.medsign.crypto.pdf;

import java.util.Objects;

/**
 * Where the visible signature (seal image) goes. Sizes and offsets are in millimetres (1 mm = 72/25.4 pt); the
 * origin is the lower-left corner of the page's crop box, in the page's unrotated user space (on a page with
 * {@code /Rotate} the image turns with the page).
 */
public sealed interface PdfPlacement permits PdfPlacement.OnPage, PdfPlacement.AfterKeyword {

    /** Points per millimetre. */
    double POINTS_PER_MM = 72 / 25.4;

    /** Width of the placed rectangle in mm (&gt; 0). */
    double widthMm();

    /** Height of the placed rectangle in mm (&gt; 0). */
    double heightMm();

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

    /** A rectangle on a 1-based page, in mm from the crop box's lower-left corner. */
    static PdfPlacement onPage(int page, double xMm, double yMm, double widthMm, double heightMm) {
        return new OnPage(page, xMm, yMm, widthMm, heightMm);
    }

    /** Right after the first occurrence of {@code keyword}, 1 mm gap. */
    static PdfPlacement afterKeyword(String keyword, double widthMm, double heightMm) {
        return new AfterKeyword(keyword, 1, widthMm, heightMm);
    }

    private static void requirePositive(double widthMm, double heightMm) {
        if (!(widthMm > 0) || !(heightMm > 0) || Double.isInfinite(widthMm) || Double.isInfinite(heightMm)) {
            throw new IllegalArgumentException("width and height must be positive: " + widthMm + " x " + heightMm);
        }
    }
}
