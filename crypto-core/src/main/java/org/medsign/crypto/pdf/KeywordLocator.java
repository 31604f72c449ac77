package org.medsign.crypto.pdf;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Finds the first occurrence of a keyword with PDFBox text extraction (see {@link PdfPlacement.AfterKeyword}), page by
 * page from the first, stopping at the first page that has it. Pages before the last whose text cannot contain the
 * keyword's characters are passed over after a cheap scan ({@link KeywordPrefilter}, about half the cost of the
 * extraction); the others are extracted with positions.
 */
final class KeywordLocator {

    /**
     * Where a keyword ends.
     *
     * @param pageIndex   0-based page
     * @param endX        x of the right edge of the last glyph (PDF user space)
     * @param middleY     y of the middle of the last glyph's line (baseline + half the glyph height)
     */
    record Hit(int pageIndex, float endX, float middleY) {
    }

    private KeywordLocator() {
    }

    /** The first hit in reading order, or null. */
    static Hit find(PDDocument document, String keyword) {
        KeywordPrefilter prefilter = new KeywordPrefilter(keyword);
        int lastPage = document.getNumberOfPages() - 1;
        for (int pageIndex = 0; pageIndex <= lastPage; pageIndex++) {
            // the last page is extracted at once: the scan would only speed up "not found" there
            if (pageIndex < lastPage && !prefilter.mayContain(document.getPage(pageIndex))) {
                continue;
            }
            List<TextPosition> positions = positionsOf(document, pageIndex);
            StringBuilder text = new StringBuilder();
            List<Integer> owner = new ArrayList<>(); // char index -> index in positions
            for (int i = 0; i < positions.size(); i++) {
                String unicode = positions.get(i).getUnicode();
                for (int c = 0; c < unicode.length(); c++) {
                    text.append(unicode.charAt(c));
                    owner.add(i);
                }
            }
            int at = text.indexOf(keyword);
            if (at >= 0) {
                TextPosition last = positions.get(owner.get(at + keyword.length() - 1));
                PDPage page = document.getPage(pageIndex);
                PDRectangle crop = page.getCropBox();
                float endX = crop.getLowerLeftX() + last.getXDirAdj() + last.getWidthDirAdj();
                float baseline = crop.getLowerLeftY() + crop.getHeight() - last.getYDirAdj();
                return new Hit(pageIndex, endX, baseline + last.getHeightDir() / 2);
            }
        }
        return null;
    }

    private static List<TextPosition> positionsOf(PDDocument document, int pageIndex) {
        List<TextPosition> positions = new ArrayList<>();
        try {
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String string, List<TextPosition> textPositions) {
                    positions.addAll(textPositions);
                }
            };
            stripper.setSortByPosition(true);
            stripper.setStartPage(pageIndex + 1);
            stripper.setEndPage(pageIndex + 1);
            stripper.writeText(document, new StringWriter());
        } catch (IOException e) {
            throw new NotAPdfException("cannot extract the text of page " + (pageIndex + 1) + ": " + e.getMessage(), e);
        }
        return positions;
    }
}
