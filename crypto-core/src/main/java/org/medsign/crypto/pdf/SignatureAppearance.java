package org.medsign.crypto.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationRubberStamp;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

/**
 * The visual-signature template PDFBox copies into the signed document: a one-page PDF with one signature widget
 * whose normal appearance draws the seal image (encoded once per image by {@link SealImageXObject}, alpha kept as an
 * SMask) fitted and centred in the rectangle, and optionally lines of text in a band below the image (the image
 * shrinks to fit).
 * Built without PDVisibleSignDesigner, whose nested forms some viewers render badly (PDFBOX-3198); same structure
 * as PDFBox's CreateVisibleSignature2. Straddle seals (骑缝章) use the same drawing, shifted and clipped to a strip.
 */
final class SignatureAppearance {

    private SignatureAppearance() {
    }

    /** The template as PDF bytes; {@code lines} empty means image only, else {@code fontFile} is required. */
    static byte[] template(PDPage sourcePage, PDRectangle rect, SealImageXObject image, List<String> lines,
                           Path fontFile) throws IOException {
        return template(sourcePage, rect, image, lines, fontFile, 0, rect.getWidth());
    }

    /**
     * The template of a straddle seal's first strip: the image fitted and centred in a seal {@code sealWidth} wide
     * and as high as {@code rect}, of which {@code rect} shows the part starting {@code offset} from the seal's left
     * edge (the appearance's bounding box clips the rest).
     */
    static byte[] stripTemplate(PDPage sourcePage, PDRectangle rect, SealImageXObject image, float offset,
                                float sealWidth) throws IOException {
        return template(sourcePage, rect, image, List.of(), null, offset, sealWidth);
    }

    /**
     * A further strip of a straddle seal, for {@code document} itself: a locked, printed rubber-stamp annotation on
     * {@code page} at {@code rect} (not yet added to the page), named {@code name} ({@code /NM}), whose appearance
     * shows the part of the seal starting {@code offset} from its left edge; {@code image} is shared by every strip.
     */
    static PDAnnotationRubberStamp strip(PDDocument document, PDPage page, PDRectangle rect, PDImageXObject image,
                                         float offset, float sealWidth, String name) throws IOException {
        PDAnnotationRubberStamp stamp = new PDAnnotationRubberStamp();
        stamp.setRectangle(rect);
        stamp.setPage(page);
        stamp.setAnnotationName(name);
        stamp.setPrinted(true);
        stamp.setReadOnly(true);
        stamp.setLocked(true);
        stamp.setLockedContents(true);
        PDAppearanceStream stream = new PDAppearanceStream(document);
        stream.setResources(new PDResources());
        stream.setFormType(1);
        stream.setBBox(new PDRectangle(rect.getWidth(), rect.getHeight()));
        try (PDPageContentStream content = new PDPageContentStream(document, stream)) {
            drawImage(content, image, -offset, sealWidth, rect.getHeight(), 0);
        }
        PDAppearanceDictionary appearance = new PDAppearanceDictionary();
        appearance.setNormalAppearance(stream);
        stamp.setAppearance(appearance);
        return stamp;
    }

    private static byte[] template(PDPage sourcePage, PDRectangle rect, SealImageXObject image, List<String> lines,
                                   Path fontFile, float offset, float sealWidth) throws IOException {
        try (PDDocument template = new PDDocument()) {
            PDPage page = new PDPage(sourcePage.getMediaBox());
            template.addPage(page);
            PDAcroForm acroForm = new PDAcroForm(template);
            template.getDocumentCatalog().setAcroForm(acroForm);
            PDSignatureField field = new PDSignatureField(acroForm);
            PDAnnotationWidget widget = field.getWidgets().get(0);
            acroForm.setSignaturesExist(true);
            acroForm.setAppendOnly(true);
            acroForm.getCOSObject().setDirect(true);
            acroForm.getFields().add(field);
            widget.setRectangle(rect);

            PDFormXObject form = new PDFormXObject(new PDStream(template));
            form.setResources(new PDResources());
            form.setFormType(1);
            form.setBBox(new PDRectangle(rect.getWidth(), rect.getHeight()));
            PDAppearanceDictionary appearance = new PDAppearanceDictionary();
            appearance.getCOSObject().setDirect(true);
            PDAppearanceStream stream = new PDAppearanceStream(form.getCOSObject());
            appearance.setNormalAppearance(stream);
            widget.setAppearance(appearance);

            try (TrueTypeCollection collection = lines.isEmpty() ? null : openCollection(fontFile)) {
                try (PDPageContentStream content = new PDPageContentStream(template, stream)) {
                    float size = lines.isEmpty() ? 0 : textSize(lines, rect);
                    float band = lines.isEmpty() ? 0 : lines.size() * size * 1.2f + 2;
                    drawImage(content, image.addTo(template), -offset, sealWidth,
                            rect.getHeight() - band, band);
                    if (!lines.isEmpty()) {
                        drawText(content, loadFont(template, collection, fontFile), size, lines);
                    }
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                template.save(out);
                return out.toByteArray();
            }
        }
    }

    /**
     * Draws the image fitted (aspect kept) and centred in the box {@code boxWidth x boxHeight} whose lower-left
     * corner is ({@code left}, {@code bottom}).
     */
    private static void drawImage(PDPageContentStream content, PDImageXObject xObject, float left, float boxWidth,
                                  float boxHeight, float bottom) throws IOException {
        float scale = Math.max(0, Math.min(boxWidth / xObject.getWidth(), boxHeight / xObject.getHeight()));
        float width = xObject.getWidth() * scale;
        float height = xObject.getHeight() * scale;
        content.drawImage(xObject, left + (boxWidth - width) / 2, bottom + (boxHeight - height) / 2, width, height);
    }

    /** Font size for the text band: a third of the rectangle at most, 5 to 9 pt. */
    private static float textSize(List<String> lines, PDRectangle rect) {
        return Math.max(5f, Math.min(9f, rect.getHeight() / 3 / (1.2f * lines.size())));
    }

    private static void drawText(PDPageContentStream content, PDType0Font font, float size, List<String> lines)
            throws IOException {
        content.beginText();
        content.setFont(font, size);
        content.setNonStrokingColor(0f, 0f, 0f);
        content.newLineAtOffset(2, 2 + (lines.size() - 1) * size * 1.2f);
        for (String line : lines) {
            content.showText(line);
            content.newLineAtOffset(0, -size * 1.2f);
        }
        content.endText();
    }

    private static TrueTypeCollection openCollection(Path fontFile) throws IOException {
        String name = fontFile.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".ttc") ? new TrueTypeCollection(fontFile.toFile()) : null;
    }

    private static PDType0Font loadFont(PDDocument template, TrueTypeCollection collection, Path fontFile)
            throws IOException {
        if (collection == null) {
            return PDType0Font.load(template, fontFile.toFile());
        }
        AtomicReference<TrueTypeFont> first = new AtomicReference<>();
        collection.processAllFonts(font -> first.compareAndSet(null, font));
        if (first.get() == null) {
            throw new IOException("no font in " + fontFile);
        }
        return PDType0Font.load(template, first.get(), true);
    }
}
