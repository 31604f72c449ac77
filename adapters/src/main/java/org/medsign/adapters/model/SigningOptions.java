package org.medsign.adapters.model;

import java.util.Locale;

import org.medsign.crypto.cms.CmsFlavour;
import org.medsign.crypto.sm.Sm2SignatureEncoding;

/**
 * How to sign. Serialised into one short text column ({@link #encode()}/{@link #decode}) so the durable request
 * carries it.
 *
 * @param detached  CMS: content outside the SignedData
 * @param flavour   CMS: RFC 5652 or GM/T 0010 OIDs
 * @param encoding  RAW: DER or r‖s
 * @param timestamp add a signature timestamp
 * @param pdf       PDF: seal and placement ({@link Operation#PDF}), else null
 */
public record SigningOptions(boolean detached, CmsFlavour flavour, Sm2SignatureEncoding encoding, boolean timestamp,
                             PdfOptions pdf) {

    /** Options of a CMS or raw signature (no PDF placement). */
    public SigningOptions(boolean detached, CmsFlavour flavour, Sm2SignatureEncoding encoding, boolean timestamp) {
        this(detached, flavour, encoding, timestamp, null);
    }

    /** Options of a PDF signature, with its timestamp or not. */
    public static SigningOptions pdf(PdfOptions pdf, boolean timestamp) {
        return new SigningOptions(true, CmsFlavour.RFC5652, Sm2SignatureEncoding.DER, timestamp,
                java.util.Objects.requireNonNull(pdf, "pdf"));
    }

    /** Detached RFC 5652 CMS with a timestamp. */
    public static final SigningOptions DEFAULT = new SigningOptions(true, CmsFlavour.RFC5652,
            Sm2SignatureEncoding.DER, true);

    public String encode() {
        return "detached=" + detached + ";flavour=" + flavour + ";encoding=" + encoding + ";timestamp=" + timestamp
                + (pdf == null ? "" : pdf.encode());
    }

    public static SigningOptions decode(String text) {
        boolean detached = true;
        CmsFlavour flavour = CmsFlavour.RFC5652;
        Sm2SignatureEncoding encoding = Sm2SignatureEncoding.DER;
        boolean timestamp = true;
        boolean isPdf = false;
        String seal = null;
        Integer page = null;
        Double x = null;
        Double y = null;
        String keyword = null;
        Double width = null;
        Double height = null;
        boolean certify = false;
        String field = null;
        Integer straddleFrom = null;
        Integer straddleTo = null;
        for (String part : text.split(";")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0]) {
                case "detached" -> detached = Boolean.parseBoolean(kv[1]);
                case "flavour" -> flavour = CmsFlavour.valueOf(kv[1].toUpperCase(Locale.ROOT));
                case "encoding" -> encoding = Sm2SignatureEncoding.valueOf(kv[1].toUpperCase(Locale.ROOT));
                case "timestamp" -> timestamp = Boolean.parseBoolean(kv[1]);
                case "pdf" -> isPdf = Boolean.parseBoolean(kv[1]);
                case "seal" -> seal = kv[1];
                case "page" -> page = Integer.valueOf(kv[1]);
                case "x" -> x = Double.valueOf(kv[1]);
                case "y" -> y = Double.valueOf(kv[1]);
                case "kw" -> keyword = PdfOptions.keyword(kv[1]);
                case "w" -> width = Double.valueOf(kv[1]);
                case "h" -> height = Double.valueOf(kv[1]);
                case "certify" -> certify = Boolean.parseBoolean(kv[1]);
                case "field" -> field = PdfOptions.keyword(kv[1]);
                case "straddle" -> {
                    String[] range = kv[1].split("-", 2);
                    straddleFrom = Integer.valueOf(range[0]);
                    straddleTo = Integer.valueOf(range[1]);
                }
                default -> {
                }
            }
        }
        return new SigningOptions(detached, flavour, encoding, timestamp,
                isPdf ? new PdfOptions(seal, page, x, y, keyword, width, height, certify, field, straddleFrom,
                        straddleTo) : null);
    }
}
