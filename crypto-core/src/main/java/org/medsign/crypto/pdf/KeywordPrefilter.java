package org.medsign.crypto.pdf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.Arrays;

import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.DrawObject;
import org.apache.pdfbox.contentstream.operator.markedcontent.BeginMarkedContentSequence;
import org.apache.pdfbox.contentstream.operator.markedcontent.BeginMarkedContentSequenceWithProperties;
import org.apache.pdfbox.contentstream.operator.markedcontent.EndMarkedContentSequence;
import org.apache.pdfbox.contentstream.operator.state.Concatenate;
import org.apache.pdfbox.contentstream.operator.state.Restore;
import org.apache.pdfbox.contentstream.operator.state.Save;
import org.apache.pdfbox.contentstream.operator.state.SetGraphicsStateParameters;
import org.apache.pdfbox.contentstream.operator.state.SetMatrix;
import org.apache.pdfbox.contentstream.operator.text.BeginText;
import org.apache.pdfbox.contentstream.operator.text.EndText;
import org.apache.pdfbox.contentstream.operator.text.MoveText;
import org.apache.pdfbox.contentstream.operator.text.MoveTextSetLeading;
import org.apache.pdfbox.contentstream.operator.text.NextLine;
import org.apache.pdfbox.contentstream.operator.text.SetCharSpacing;
import org.apache.pdfbox.contentstream.operator.text.SetFontAndSize;
import org.apache.pdfbox.contentstream.operator.text.SetTextHorizontalScaling;
import org.apache.pdfbox.contentstream.operator.text.SetTextLeading;
import org.apache.pdfbox.contentstream.operator.text.SetTextRenderingMode;
import org.apache.pdfbox.contentstream.operator.text.SetTextRise;
import org.apache.pdfbox.contentstream.operator.text.SetWordSpacing;
import org.apache.pdfbox.contentstream.operator.text.ShowText;
import org.apache.pdfbox.contentstream.operator.text.ShowTextAdjusted;
import org.apache.pdfbox.contentstream.operator.text.ShowTextLine;
import org.apache.pdfbox.contentstream.operator.text.ShowTextLineAndSpace;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.documentinterchange.markedcontent.PDMarkedContent;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDSimpleFont;
import org.apache.pdfbox.pdmodel.font.encoding.GlyphList;

/**
 * A cheap, conservative test of whether a page's extracted text can contain a keyword, so that {@link KeywordLocator}
 * runs PDFBox's positional text extraction (the costly part: glyph geometry, duplicate-overlap removal, sorting) only
 * on pages that pass. It runs the operators {@code PDFTextStripper} runs (same fonts, forms, graphics-state stack,
 * marked content), but for each shown code only asks the font for its Unicode, exactly as the stripper does (same
 * glyph list, same fallback for simple fonts), and collects which of the keyword's characters occur.
 *
 * <p>Never a false "no" for text the stripper would find: every character of a text position the stripper produces
 * comes from a glyph's Unicode, from a diacritic merged into its neighbour (the diacritic's NFKC form or a combining
 * mark, both counted here; combining marks of the keyword are not required), or from an {@code /ActualText} (all its
 * characters counted). Whatever this filter cannot decide (no current font, an error while reading the page) passes,
 * and the full extraction decides as it always did. (A page ruled out is not extracted at all, so a damaged font
 * that only the extraction's glyph geometry would trip over no longer stops the search on such a page.) Not
 * thread-safe: one instance per search.
 */
final class KeywordPrefilter extends PDFStreamEngine {

    /** The glyph list PDFBox's text stripper uses: Adobe's plus PDFBox's additional names. */
    private static final GlyphList GLYPH_LIST = loadGlyphList();

    private final char[] wanted;
    private final boolean[] seen;
    private int missing;
    private boolean undecided;

    KeywordPrefilter(String keyword) {
        this.wanted = keyword.chars().filter(c -> !isCombiningMark((char) c)).distinct()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()
                .toCharArray();
        this.seen = new boolean[wanted.length];
        // the operators of PDFTextStripper (LegacyPDFStreamEngine's and its marked content), in the same roles
        addOperator(new BeginText(this));
        addOperator(new Concatenate(this));
        addOperator(new DrawObject(this));
        addOperator(new EndText(this));
        addOperator(new SetGraphicsStateParameters(this));
        addOperator(new Save(this));
        addOperator(new Restore(this));
        addOperator(new NextLine(this));
        addOperator(new SetCharSpacing(this));
        addOperator(new MoveText(this));
        addOperator(new MoveTextSetLeading(this));
        addOperator(new SetFontAndSize(this));
        addOperator(new ShowText(this));
        addOperator(new ShowTextAdjusted(this));
        addOperator(new SetTextLeading(this));
        addOperator(new SetMatrix(this));
        addOperator(new SetTextRenderingMode(this));
        addOperator(new SetTextRise(this));
        addOperator(new SetWordSpacing(this));
        addOperator(new SetTextHorizontalScaling(this));
        addOperator(new ShowTextLine(this));
        addOperator(new ShowTextLineAndSpace(this));
        addOperator(new BeginMarkedContentSequenceWithProperties(this));
        addOperator(new BeginMarkedContentSequence(this));
        addOperator(new EndMarkedContentSequence(this));
    }

    /** False only when the page's text cannot contain every (non-combining) character of the keyword. */
    boolean mayContain(PDPage page) {
        Arrays.fill(seen, false);
        missing = wanted.length;
        undecided = false;
        if (missing == 0) {
            return true;
        }
        try {
            processPage(page);
        } catch (IOException | RuntimeException e) {
            return true; // the full extraction reads the page again and reports what is wrong with it
        }
        return undecided || missing == 0;
    }

    @Override
    protected void showText(byte[] string) throws IOException {
        if (decided()) {
            return;
        }
        PDFont font = getGraphicsState().getTextState().getFont();
        if (font == null) {
            undecided = true; // the stripper falls back to a default font: leave it to the stripper
            return;
        }
        InputStream in = new ByteArrayInputStream(string);
        while (in.available() > 0) {
            int code = font.readCode(in);
            String unicode = font.toUnicode(code, GLYPH_LIST);
            if (unicode == null) {
                if (!(font instanceof PDSimpleFont)) {
                    continue; // the stripper skips unmapped codes of composite fonts
                }
                unicode = String.valueOf((char) code);
            }
            note(unicode);
            if (unicode.length() == 1 && isDiacriticLike(unicode.charAt(0))) {
                note(Normalizer.normalize(unicode, Normalizer.Form.NFKC));
            }
        }
    }

    @Override
    public void beginMarkedContentSequence(COSName tag, COSDictionary properties) {
        String actualText = PDMarkedContent.create(tag, properties).getActualText();
        if (actualText != null) {
            note(actualText);
        }
        super.beginMarkedContentSequence(tag, properties);
    }

    private boolean decided() {
        return undecided || missing == 0;
    }

    private void note(String text) {
        for (int i = 0; i < text.length() && missing > 0; i++) {
            char c = text.charAt(i);
            for (int k = 0; k < wanted.length; k++) {
                if (wanted[k] == c && !seen[k]) {
                    seen[k] = true;
                    missing--;
                }
            }
        }
    }

    /** What TextPosition#isDiacritic accepts (and more): merged into a neighbour, possibly after NFKC. */
    private static boolean isDiacriticLike(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.MODIFIER_SYMBOL
                || type == Character.MODIFIER_LETTER;
    }

    private static boolean isCombiningMark(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static GlyphList loadGlyphList() {
        try (InputStream additional = GlyphList.class.getResourceAsStream(
                "/org/apache/pdfbox/resources/glyphlist/additional.txt")) {
            if (additional == null) {
                throw new IllegalStateException("PDFBox's additional glyph list is missing from its jar");
            }
            return new GlyphList(GlyphList.getAdobeGlyphList(), additional);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PDFBox's additional glyph list", e);
        }
    }
}
