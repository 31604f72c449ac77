package org.medsign.hub.mobile;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * A PDF's page count and its first (or any) page rendered to PNG with PDFBox, at a width for a phone: parsing is held to a
 * bound of main memory, a page without a usable size or one that would render taller than the bound is refused or
 * shrunk, and every refusal is a {@link NotRendered} with a stable reason the app can show.
 */
final class PdfFirstPage {

    /** The rendered first page. */
    record Rendered(int pages, byte[] png, int width, int height) {
    }

    /** Why a PDF was not rendered; {@code pages} when it could still be counted, else null. */
    static final class NotRendered extends Exception {
        private final String reason;
        private final Integer pages;

        NotRendered(String reason, Integer pages, Throwable cause) {
            super(reason, cause, false, false);
            this.reason = reason;
            this.pages = pages;
        }

        String reason() {
            return reason;
        }

        Integer pages() {
            return pages;
        }
    }

    private PdfFirstPage() {
    }

    /**
     * Renders the first page of {@code pdf} {@code width} pixels wide (narrower when the page would be taller than
     * {@code maxHeight}), PDFBox using at most {@code memoryBytes} of main memory for the document.
     */
    static Rendered render(byte[] pdf, int width, int maxHeight, long memoryBytes) throws NotRendered {
        return render(pdf, 0, width, maxHeight, memoryBytes);
    }

    /** As {@link #render(byte[], int, int, long)} for the page at {@code index} (0-based; PDF_NO_SUCH_PAGE beyond). */
    static Rendered render(byte[] pdf, int index, int width, int maxHeight, long memoryBytes) throws NotRendered {
        try (PDDocument document = Loader.loadPDF(pdf, "", null, null,
                MemoryUsageSetting.setupMainMemoryOnly(memoryBytes).streamCache)) {
            int pages = document.getNumberOfPages();
            if (pages < 1) {
                throw new NotRendered("PDF_NO_PAGES", 0, null);
            }
            if (index < 0 || index >= pages) {
                throw new NotRendered("PDF_NO_SUCH_PAGE", pages, null);
            }
            PDPage page = document.getPage(index);
            PDRectangle box = page.getCropBox();
            boolean turned = page.getRotation() % 180 != 0;
            float pageWidth = turned ? box.getHeight() : box.getWidth();
            float pageHeight = turned ? box.getWidth() : box.getHeight();
            if (!(pageWidth >= 1 && pageHeight >= 1) || pageWidth > 200_000 || pageHeight > 200_000) {
                throw new NotRendered("PDF_PAGE_INVALID", pages, null);
            }
            float scale = Math.min(width / pageWidth, maxHeight / pageHeight);
            PDFRenderer renderer = new PDFRenderer(document);
            renderer.setSubsamplingAllowed(true);
            BufferedImage image = renderer.renderImage(index, scale, ImageType.RGB);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return new Rendered(pages, png.toByteArray(), image.getWidth(), image.getHeight());
        } catch (InvalidPasswordException e) {
            throw new NotRendered("PDF_ENCRYPTED", null, e);
        } catch (IOException | RuntimeException e) {
            // malformed structure, memory bound exceeded, broken content stream or image
            throw new NotRendered("PDF_UNREADABLE", null, e);
        } catch (OutOfMemoryError e) {
            throw new NotRendered("PDF_TOO_COMPLEX", null, e);
        }
    }
}
