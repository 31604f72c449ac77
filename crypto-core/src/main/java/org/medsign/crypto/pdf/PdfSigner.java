package org.medsign.crypto.pdf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Objects;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationRubberStamp;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.cms.CmsFlavour;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.key.SignerBuilder;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.tsp.TimestampSource;

/**
 * Signs a PDF with a visible SM2/SM3 signature, as one incremental update: the original bytes are kept unchanged
 * and a new revision (signature dictionary, signature field, widget with the seal image, updated AcroForm and page)
 * is appended. {@code /Filter /Adobe.PPKLite}, {@code /SubFilter /adbe.pkcs7.detached}: {@code /Contents} is a
 * detached CMS SignedData (RFC 5652 OIDs, made by {@link CmsSigner}) over the two byte ranges, i.e. the whole new
 * file except the {@code /Contents} hex string, with the signer's chain and, when a {@link TimestampSource} is set,
 * the signature timestamp as an unsigned attribute. Signing a PDF that already carries signatures appends one more
 * revision, so the earlier signatures keep covering exactly the bytes they covered.
 *
 * <p>Invariants: the output starts with the input byte for byte; the output has exactly one signature more than
 * the input; on any exception nothing is returned. Immutable and thread-safe once built.
 */
public final class PdfSigner {

    /**
     * Bytes of the CMS beyond the certificates and CRLs it carries and the timestamp token, reserved when the size is
     * automatic: SignedData and SignerInfo structure, signed attributes, the SM2 signature (413 bytes with the
     * benchmark PKI; the rest is room for long names).
     */
    static final int CMS_STRUCTURE_ALLOWANCE = 2048;
    /** DocMDP permission written when certifying: form fill-in and further signatures allowed. */
    public static final int DOCMDP_FORM_FILLING_AND_SIGNING = 2;

    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final CmsSigner cms;
    private final X509CertificateHolder certificate;
    private final java.time.Clock clock;
    private final SealImageXObject image;
    private final String fieldName;
    private final String reason;
    private final String location;
    private final boolean certify;
    /** Bytes reserved for the CMS in {@code /Contents}: set by {@link Builder#signatureSize} or estimated. */
    private final int signatureSize;
    private final boolean signatureSizeFixed;
    private final Path fontFile;
    private final boolean showText;
    private final String signerName;
    private final ZoneId zone;

    private PdfSigner(Builder builder) {
        this.certificate = builder.requiredCertificate();
        this.clock = builder.clock();
        this.cms = CmsSigner.builder().key(builder.requiredKey()).certificate(certificate).clock(clock)
                .chain(builder.chain).crls(builder.crls).flavour(CmsFlavour.RFC5652).attached(false)
                .signerId(builder.signerId).timestamps(builder.timestamps).build();
        this.image = SealImageXObject.of(Objects.requireNonNull(builder.imagePng, "sealImage"));
        this.fieldName = builder.fieldName;
        this.reason = builder.reason;
        this.location = builder.location;
        this.certify = builder.certify;
        this.signatureSizeFixed = builder.signatureSize > 0;
        this.signatureSize = signatureSizeFixed ? builder.signatureSize : estimatedSignatureSize(builder, certificate);
        this.fontFile = builder.fontFile;
        this.showText = builder.showText;
        this.signerName = builder.signerName != null ? builder.signerName : commonNameOf(certificate);
        this.zone = builder.zone;
        if (showText && (fontFile == null || !Files.isReadable(fontFile))) {
            throw new IllegalStateException("text in the appearance needs a readable font file: " + fontFile);
        }
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Signs {@code pdf} with the seal image at {@code placement} and returns the new PDF (input + one incremental
     * update). A straddle seal ({@link PdfPlacement.Straddle}) is image only: the text of {@link Builder#text} is
     * not drawn on its strips.
     *
     * @throws NotAPdfException         the input is not a readable PDF
     * @throws EncryptedPdfException    the input is encrypted
     * @throws PageOutOfRangeException  the placement's page does not exist
     * @throws KeywordNotFoundException the placement's keyword does not occur in the text
     * @throws FieldNotFoundException   the placement's form field is missing, not a signature field, already signed
     *                                  or without a visible widget on a page
     * @throws IllegalStateException    certification asked for a document that is already signed, or the field name
     *                                  is taken, or the document is certified with "no changes" (P=1)
     * @throws CryptoOperationException the CMS does not fit a fixed {@link Builder#signatureSize} (or, sized
     *                                  automatically, not even the second attempt's room), or PDFBox fails to write
     */
    public byte[] sign(byte[] pdf, PdfPlacement placement) {
        Objects.requireNonNull(placement, "placement");
        Attempt attempt = sign(pdf, placement, signatureSize);
        if (attempt.signed() == null && !signatureSizeFixed) {
            // the estimate was short (a timestamp token larger than its source expected): sign again, with room
            // for what the CMS measured; the first attempt's bytes are dropped
            attempt = sign(pdf, placement, roundUpToKiB(attempt.cmsSize() + CMS_STRUCTURE_ALLOWANCE));
        }
        if (attempt.signed() == null) {
            throw new CryptoOperationException("the CMS signature (" + attempt.cmsSize() + " bytes) does not fit the "
                    + attempt.reserved() + " bytes reserved" + (signatureSizeFixed ? "; raise signatureSize" : ""),
                    null);
        }
        return attempt.signed();
    }

    /** Bytes reserved for the CMS in each signature's {@code /Contents} (before a retry, see {@link #sign}). */
    public int signatureSize() {
        return signatureSize;
    }

    /** One try at signing with {@code reserved} bytes for the CMS: the signed PDF, or null if the CMS did not fit. */
    private record Attempt(byte[] signed, int cmsSize, int reserved) {
    }

    private Attempt sign(byte[] pdf, PdfPlacement placement, int reserved) {
        PDDocument document = PdfDocuments.load(pdf);
        try {
            return sign(document, placement, pdf.length, reserved);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot write the signed PDF: " + e.getMessage(), e);
        } finally {
            PdfDocuments.close(document);
        }
    }

    /**
     * Checks, without signing, that {@code pdf} can take a signature at {@code placement} (and a certification when
     * {@code certify}); throws as {@link #sign} would for the document and the placement. For edges that refuse bad
     * input before accepting a request.
     *
     * @throws NotAPdfException         the input is not a readable PDF
     * @throws EncryptedPdfException    the input is encrypted
     * @throws PageOutOfRangeException  the placement's page does not exist
     * @throws KeywordNotFoundException the placement's keyword does not occur in the text
     * @throws FieldNotFoundException   the placement's form field cannot be signed in place
     * @throws IllegalStateException    the document is certified with "no changes" (P=1), or certification is asked
     *                                  for a document that is already signed
     */
    public static void check(byte[] pdf, PdfPlacement placement, boolean certify) {
        Objects.requireNonNull(placement, "placement");
        PDDocument document = PdfDocuments.load(pdf);
        try {
            refuseLockedDocument(document);
            if (certify && !document.getSignatureDictionaries().isEmpty()) {
                throw new IllegalStateException("a certification (DocMDP) signature must be the first signature");
            }
            resolve(document, placement);
        } finally {
            PdfDocuments.close(document);
        }
    }

    private Attempt sign(PDDocument document, PdfPlacement placement, int inputSize, int reserved)
            throws IOException {
        refuseLockedDocument(document);
        boolean alreadySigned = !document.getSignatureDictionaries().isEmpty();
        if (certify && alreadySigned) {
            throw new IllegalStateException("a certification (DocMDP) signature must be the first signature");
        }
        Target target = resolve(document, placement);
        int pageIndex = target.pageIndex();
        PDRectangle rect = target.rect();

        Instant now = clock.instant();
        PDSignature signature = new PDSignature();
        signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
        signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
        signature.setName(signerName);
        if (reason != null) {
            signature.setReason(reason);
        }
        if (location != null) {
            signature.setLocation(location);
        }
        GregorianCalendar signDate = GregorianCalendar.from(ZonedDateTime.ofInstant(now, zone));
        signature.setSignDate(signDate);
        if (certify) {
            lockWithDocMdp(document, signature);
        }

        PDPage page = document.getPage(pageIndex);
        byte[] template = target.strips().isEmpty()
                ? SignatureAppearance.template(page, rect, image, textLines(now), fontFile)
                : SignatureAppearance.stripTemplate(page, rect, image, 0, target.sealWidth());
        if (target.field() != null) {
            // PDFBox signs an existing field whose /V is the new signature dictionary, keeping its widget's rectangle
            target.field().getCOSObject().setItem(COSName.V, signature);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(inputSize + 2 * reserved + 65536);
        try (SignatureOptions options = new SignatureOptions()) {
            options.setPage(pageIndex);
            options.setPreferredSignatureSize(reserved);
            options.setVisualSignature(new ByteArrayInputStream(template));
            document.addSignature(signature, options);
            if (fieldName != null && target.field() == null) {
                renameField(document, signature, fieldName);
            }
            addStrips(document, signature, target);
            ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
            byte[] signedBytes = external.getContent().readAllBytes();
            byte[] cmsBytes = cms.sign(signedBytes);
            if (cmsBytes.length > reserved) {
                return new Attempt(null, cmsBytes.length, reserved); // never written: no PDF with a cut CMS
            }
            external.setSignature(cmsBytes);
        }
        return new Attempt(out.toByteArray(), 0, reserved);
    }

    /**
     * Room for the CMS: the DER size of the certificates and CRLs it will carry, {@value #CMS_STRUCTURE_ALLOWANCE}
     * bytes for its structure and the signature, the timestamp source's {@link TimestampSource#expectedTokenSize()},
     * rounded up to whole KiB. Each reserved byte is written twice (hex) in every signed PDF, so it pays to be close.
     */
    private static int estimatedSignatureSize(Builder builder, X509CertificateHolder certificate) {
        try {
            long size = CMS_STRUCTURE_ALLOWANCE + certificate.getEncoded().length;
            for (X509CertificateHolder issuer : builder.chain) {
                size += issuer.getEncoded().length;
            }
            for (X509CRLHolder crl : builder.crls) {
                size += crl.getEncoded().length;
            }
            if (builder.timestamps != null) {
                size += Math.max(0, builder.timestamps.expectedTokenSize());
            }
            return roundUpToKiB(size);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode the certificates of the signature", e);
        }
    }

    private static int roundUpToKiB(long bytes) {
        long rounded = (bytes + 1023) / 1024 * 1024;
        if (rounded > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("a CMS of " + bytes + " bytes is too large for a PDF signature");
        }
        return (int) rounded;
    }

    private List<String> textLines(Instant now) {
        if (!showText) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("签名人：" + signerName);
        lines.add("时间：" + TEXT_TIME.format(now.atZone(zone)));
        return lines;
    }

    private static void refuseLockedDocument(PDDocument document) {
        COSDictionary perms = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PERMS);
        if (perms == null) {
            return;
        }
        COSDictionary docMdp = perms.getCOSDictionary(COSName.DOCMDP);
        if (docMdp == null) {
            return;
        }
        COSArray references = docMdp.getCOSArray(COSName.getPDFName("Reference"));
        if (references == null) {
            return;
        }
        for (int i = 0; i < references.size(); i++) {
            if (references.getObject(i) instanceof COSDictionary reference
                    && reference.getCOSDictionary(COSName.getPDFName("TransformParams")) != null
                    && reference.getCOSDictionary(COSName.getPDFName("TransformParams")).getInt(COSName.P, 2) == 1) {
                throw new IllegalStateException("the document is certified with DocMDP P=1: no further signature "
                        + "is allowed");
            }
        }
    }

    /** ISO 32000-1 12.8.2.2 / PDFBox SigUtils.setMDPPermission: a certification signature with P=2. */
    private static void lockWithDocMdp(PDDocument document, PDSignature signature) {
        COSDictionary transformParams = new COSDictionary();
        transformParams.setItem(COSName.TYPE, COSName.getPDFName("TransformParams"));
        transformParams.setInt(COSName.P, DOCMDP_FORM_FILLING_AND_SIGNING);
        transformParams.setName(COSName.V, "1.2");
        COSDictionary reference = new COSDictionary();
        reference.setItem(COSName.TYPE, COSName.getPDFName("SigRef"));
        reference.setItem(COSName.getPDFName("TransformMethod"), COSName.DOCMDP);
        reference.setItem(COSName.getPDFName("DigestMethod"), COSName.getPDFName("SHA1"));
        reference.setItem(COSName.getPDFName("TransformParams"), transformParams);
        COSArray references = new COSArray();
        references.add(reference);
        signature.getCOSObject().setItem(COSName.getPDFName("Reference"), references);
        COSDictionary catalog = document.getDocumentCatalog().getCOSObject();
        COSDictionary perms = new COSDictionary();
        perms.setItem(COSName.DOCMDP, signature);
        catalog.setItem(COSName.PERMS, perms);
        catalog.setNeedToBeUpdated(true);
    }

    private static void renameField(PDDocument document, PDSignature signature, String name) {
        PDAcroForm acroForm = document.getDocumentCatalog().getAcroForm(null);
        PDSignatureField target = null;
        for (PDField field : acroForm.getFieldTree()) {
            if (field instanceof PDSignatureField signatureField
                    && signatureField.getCOSObject().getDictionaryObject(COSName.V) == signature.getCOSObject()) {
                target = signatureField;
            } else if (name.equals(field.getFullyQualifiedName())) {
                throw new IllegalStateException("the document already has a field named " + name);
            }
        }
        if (target == null) {
            throw new CryptoOperationException("PDFBox did not create the signature field", null);
        }
        target.setPartialName(name);
    }

    /**
     * Where the signature goes.
     *
     * @param pageIndex 0-based page of the signature's widget
     * @param rect      the widget's rectangle
     * @param field     the existing empty signature field to sign ({@link PdfPlacement.InField}), else null
     * @param strips    the further strips of a straddle seal (its first strip is the widget), else empty
     * @param sealWidth width of the whole straddle seal, else the rectangle's
     */
    private record Target(int pageIndex, PDRectangle rect, PDSignatureField field, List<Strip> strips,
                          float sealWidth) {
    }

    /** One further strip of a straddle seal: page, rectangle, offset of its left edge from the seal's left edge. */
    private record Strip(int pageIndex, PDRectangle rect, float offset) {
    }

    /** The placement on this document; throws as {@link #check} documents. Changes nothing. */
    private static Target resolve(PDDocument document, PdfPlacement placement) {
        int pages = document.getNumberOfPages();
        if (placement instanceof PdfPlacement.OnPage onPage) {
            if (onPage.page() > pages) {
                throw new PageOutOfRangeException(onPage.page(), pages);
            }
            int pageIndex = onPage.page() - 1;
            PDRectangle crop = document.getPage(pageIndex).getCropBox();
            PDRectangle rect = new PDRectangle(crop.getLowerLeftX() + pt(onPage.xMm()),
                    crop.getLowerLeftY() + pt(onPage.yMm()), pt(onPage.widthMm()), pt(onPage.heightMm()));
            return new Target(pageIndex, rect, null, List.of(), rect.getWidth());
        } else if (placement instanceof PdfPlacement.AfterKeyword keyword) {
            KeywordLocator.Hit hit = KeywordLocator.find(document, keyword.keyword());
            if (hit == null) {
                throw new KeywordNotFoundException(keyword.keyword());
            }
            float width = pt(keyword.widthMm());
            float height = pt(keyword.heightMm());
            PDRectangle rect = insideCropBox(document.getPage(hit.pageIndex()).getCropBox(),
                    hit.endX() + pt(keyword.gapMm()), hit.middleY() - height / 2, width, height);
            return new Target(hit.pageIndex(), rect, null, List.of(), width);
        } else if (placement instanceof PdfPlacement.Straddle straddle) {
            return straddle(document, straddle);
        } else {
            return inField(document, ((PdfPlacement.InField) placement).fieldName());
        }
    }

    /** Strip k of N at the right edge of the crop box of page fromPage + k, each {@code width / N} wide. */
    private static Target straddle(PDDocument document, PdfPlacement.Straddle straddle) {
        int pages = document.getNumberOfPages();
        int to = straddle.toPage() == 0 ? pages : straddle.toPage();
        if (straddle.fromPage() > pages) {
            throw new PageOutOfRangeException(straddle.fromPage(), pages);
        }
        if (to > pages) {
            throw new PageOutOfRangeException(to, pages);
        }
        int count = to - straddle.fromPage() + 1;
        float sealWidth = pt(straddle.widthMm());
        float stripWidth = sealWidth / count;
        float height = pt(straddle.heightMm());
        List<Strip> strips = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int pageIndex = straddle.fromPage() - 1 + k;
            PDRectangle crop = document.getPage(pageIndex).getCropBox();
            strips.add(new Strip(pageIndex, new PDRectangle(crop.getUpperRightX() - stripWidth,
                    crop.getLowerLeftY() + pt(straddle.yMm()), stripWidth, height), k * stripWidth));
        }
        Strip first = strips.remove(0);
        return new Target(first.pageIndex(), first.rect(), null, List.copyOf(strips), sealWidth);
    }

    /** The existing, unsigned, visible signature field {@code name}, or a {@link FieldNotFoundException}. */
    private static Target inField(PDDocument document, String name) {
        PDAcroForm acroForm = document.getDocumentCatalog().getAcroForm(null);
        PDField field = acroForm == null ? null : acroForm.getField(name);
        if (field == null) {
            throw new FieldNotFoundException(name, "the PDF has no form field named \"" + name + "\"");
        }
        if (!(field instanceof PDSignatureField signatureField)) {
            throw new FieldNotFoundException(name, "the form field \"" + name + "\" is not a signature field");
        }
        if (signatureField.getCOSObject().getDictionaryObject(COSName.V) != null) {
            throw new FieldNotFoundException(name, "the signature field \"" + name + "\" is already signed");
        }
        List<PDAnnotationWidget> widgets = signatureField.getWidgets();
        PDRectangle rect = widgets.isEmpty() ? null : widgets.get(0).getRectangle();
        if (rect == null || !(rect.getWidth() > 0) || !(rect.getHeight() > 0)) {
            throw new FieldNotFoundException(name, "the signature field \"" + name + "\" has no visible widget");
        }
        int pageIndex = pageIndexOf(document, widgets.get(0));
        if (pageIndex < 0) {
            throw new FieldNotFoundException(name, "the widget of the signature field \"" + name
                    + "\" is on no page");
        }
        return new Target(pageIndex, rect, signatureField, List.of(), rect.getWidth());
    }

    /** The 0-based page whose {@code /Annots} holds {@code widget}, or -1. */
    private static int pageIndexOf(PDDocument document, PDAnnotationWidget widget) {
        for (int i = 0; i < document.getNumberOfPages(); i++) {
            try {
                for (PDAnnotation annotation : document.getPage(i).getAnnotations()) {
                    if (annotation.getCOSObject() == widget.getCOSObject()) {
                        return i;
                    }
                }
            } catch (IOException e) {
                throw new NotAPdfException("cannot read the annotations of page " + (i + 1) + ": " + e.getMessage(),
                        e);
            }
        }
        return -1;
    }

    /**
     * Adds the further strips of a straddle seal to their pages as stamp annotations, before the revision is written:
     * each page gets a new direct {@code /Annots} array (as PDFBox does for the widget, so that an indirect array of
     * the original is not rewritten) and is marked for the incremental update; the strips share one image XObject.
     */
    private void addStrips(PDDocument document, PDSignature signature, Target target) throws IOException {
        if (target.strips().isEmpty()) {
            return;
        }
        String name = fieldNameOf(document, signature);
        int count = target.strips().size() + 1;
        PDImageXObject shared = image.addTo(document);
        for (int k = 0; k < target.strips().size(); k++) {
            Strip strip = target.strips().get(k);
            PDPage page = document.getPage(strip.pageIndex());
            PDAnnotationRubberStamp stamp = SignatureAppearance.strip(document, page, strip.rect(), shared,
                    strip.offset(), target.sealWidth(), name + " strip " + (k + 2) + "/" + count);
            COSArray annots = new COSArray();
            for (PDAnnotation annotation : page.getAnnotations()) {
                annots.add(annotation);
            }
            annots.add(stamp);
            page.getCOSObject().setItem(COSName.ANNOTS, annots);
            stamp.getCOSObject().setNeedToBeUpdated(true);
            annots.setNeedToBeUpdated(true);
            page.getCOSObject().setNeedToBeUpdated(true);
        }
    }

    private static String fieldNameOf(PDDocument document, PDSignature signature) {
        for (PDField field : document.getDocumentCatalog().getAcroForm(null).getFieldTree()) {
            if (field instanceof PDSignatureField
                    && field.getCOSObject().getDictionaryObject(COSName.V) == signature.getCOSObject()) {
                return field.getFullyQualifiedName();
            }
        }
        throw new CryptoOperationException("PDFBox did not create the signature field", null);
    }

    private static PDRectangle insideCropBox(PDRectangle crop, float x, float y, float width, float height) {
        float left = Math.max(crop.getLowerLeftX(), Math.min(x, crop.getUpperRightX() - width));
        float bottom = Math.max(crop.getLowerLeftY(), Math.min(y, crop.getUpperRightY() - height));
        return new PDRectangle(left, bottom, width, height);
    }

    private static float pt(double mm) {
        return (float) (mm * PdfPlacement.POINTS_PER_MM);
    }

    private static String commonNameOf(X509CertificateHolder certificate) {
        var cns = certificate.getSubject().getRDNs(BCStyle.CN);
        return cns.length == 0 ? certificate.getSubject().toString()
                : cns[0].getFirst().getValue().toString();
    }

    /** Builder; setters return this; {@link #build()} checks the image and the font. */
    public static final class Builder extends SignerBuilder<Builder> {
        private final List<X509CertificateHolder> chain = new ArrayList<>();
        private final List<X509CRLHolder> crls = new ArrayList<>();
        private SignerId signerId = SignerId.DEFAULT;
        private TimestampSource timestamps;
        private byte[] imagePng;
        private String fieldName;
        private String reason;
        private String location;
        private boolean certify;
        private int signatureSize;
        private Path fontFile;
        private boolean showText;
        private String signerName;
        private ZoneId zone = ZoneId.of("Asia/Shanghai");

        /** Certificates to include in the CMS besides the signer's (its issuers). */
        public Builder chain(List<X509CertificateHolder> chain) {
            this.chain.clear();
            this.chain.addAll(chain);
            return this;
        }

        /** CRLs to include in the CMS. */
        public Builder crls(List<X509CRLHolder> crls) {
            this.crls.clear();
            this.crls.addAll(crls);
            return this;
        }

        /** The SM2 signer ID (default 1234567812345678). */
        public Builder signerId(SignerId signerId) {
            this.signerId = Objects.requireNonNull(signerId);
            return this;
        }

        /** Adds the signature timestamp (RFC 3161 token over the SM2 signature value) from this source. */
        public Builder timestamps(TimestampSource timestamps) {
            this.timestamps = timestamps;
            return this;
        }

        /** The seal or handwritten-signature image: a PNG, transparency kept (required). */
        public Builder sealImage(byte[] png) {
            this.imagePng = Objects.requireNonNull(png).clone();
            return this;
        }

        /** The signature field's name (default: PDFBox's next free "SignatureN"); must be unused in the document. */
        public Builder fieldName(String fieldName) {
            if (fieldName != null && (fieldName.isBlank() || fieldName.contains("."))) {
                throw new IllegalArgumentException("a field name is non-blank and has no '.': " + fieldName);
            }
            this.fieldName = fieldName;
            return this;
        }

        /** {@code /Reason} of the signature dictionary. */
        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        /** {@code /Location} of the signature dictionary. */
        public Builder location(String location) {
            this.location = location;
            return this;
        }

        /**
         * Makes this a certification signature (DocMDP, P=2: filling forms and adding signatures stay allowed, so
         * reviewer and department seals can follow). Only for a document without signatures.
         */
        public Builder certify(boolean certify) {
            this.certify = certify;
            return this;
        }

        /**
         * Bytes reserved for the CMS, fixed: a CMS that does not fit is refused ({@link CryptoOperationException}).
         * Default: estimated from the certificates, CRLs and timestamp source (see {@link PdfSigner#signatureSize()};
         * 8 KiB for three SM2 certificates and a timestamp from the embedded TSA, 4 KiB without), and when the CMS
         * turns out larger the signature is made once more with room for it.
         */
        public Builder signatureSize(int bytes) {
            if (bytes < 2048) {
                throw new IllegalArgumentException("signature size too small: " + bytes);
            }
            this.signatureSize = bytes;
            return this;
        }

        /**
         * Writes the signer's name and the signing time in Chinese in a band at the bottom of the rectangle (the image
         * is fitted above it), with this
         * TrueType font (.ttf, or the first font of a .ttc) embedded as a subset. Off by default.
         */
        public Builder text(Path fontFile) {
            this.fontFile = Objects.requireNonNull(fontFile);
            this.showText = true;
            return this;
        }

        /** The name in {@code /Name} and in the text (default: the certificate's CN). */
        public Builder signerName(String signerName) {
            this.signerName = signerName;
            return this;
        }

        /** Zone of {@code /M} and of the time in the text (default Asia/Shanghai). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone);
            return this;
        }

        public PdfSigner build() {
            return new PdfSigner(this);
        }
    }
}
