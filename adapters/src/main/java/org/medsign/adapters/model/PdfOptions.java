package org.medsign.adapters.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.medsign.crypto.pdf.PdfPlacement;

/**
 * Where and with which seal a PDF is signed ({@link Operation#PDF}): by page and millimetres from the page's lower-left
 * corner, after a keyword (关键字定位), in an existing empty signature field, or as a straddle seal (骑缝章) over a page
 * range at the right edges; the rectangle's (straddle: the whole seal's) size is the seal's unless given.
 *
 * @param sealId   the seal to apply, or null for the signer's own personal signature image
 * @param page     1-based page for placement by coordinates, or null for placement by keyword
 * @param xMm      lower-left corner, mm from the page's left edge (with {@code page})
 * @param yMm      lower-left corner, mm from the page's bottom edge (with {@code page})
 * @param keyword  the text after which the seal goes (without {@code page})
 * @param widthMm  rectangle width in mm, or null for the seal's width
 * @param heightMm rectangle height in mm, or null for the seal's height
 * @param certify  make this the document's certification signature (DocMDP P=2): only the first signature
 * @param field    the existing empty signature field to sign in place (without page, keyword, straddle), or null
 * @param straddleFrom first page of a straddle seal (骑缝章, with {@code yMm}; without page, keyword, field), or null
 * @param straddleTo   last page of the straddle seal, 0 for the document's last page (with {@code straddleFrom})
 */
public record PdfOptions(String sealId, Integer page, Double xMm, Double yMm, String keyword, Double widthMm,
                         Double heightMm, boolean certify, String field, Integer straddleFrom, Integer straddleTo) {

    /** Longest keyword accepted (characters). */
    public static final int MAX_KEYWORD = 32;
    /** Longest form field name accepted (characters). */
    public static final int MAX_FIELD = 64;

    public PdfOptions {
        int placements = (page != null ? 1 : 0) + (keyword != null ? 1 : 0) + (field != null ? 1 : 0)
                + (straddleFrom != null ? 1 : 0);
        if (placements != 1) {
            throw new IllegalArgumentException("placement needs exactly one of: a page with xMm and yMm, a keyword, "
                    + "a field, or a straddle");
        }
        if (straddleFrom != null) {
            if (straddleFrom < 1 || yMm == null || yMm < 0 || xMm != null) {
                throw new IllegalArgumentException("a straddle seal needs fromPage >= 1 and yMm >= 0 (no xMm)");
            }
            straddleTo = straddleTo == null ? 0 : straddleTo;
            if (straddleTo != 0 && straddleTo < straddleFrom) {
                throw new IllegalArgumentException("a straddle seal's toPage must be 0 (the last page) or >= fromPage");
            }
        } else if (straddleTo != null) {
            throw new IllegalArgumentException("toPage belongs to a straddle seal");
        }
        if (field != null && (field.isBlank() || field.length() > MAX_FIELD)) {
            throw new IllegalArgumentException("the field name must have 1 to " + MAX_FIELD + " characters");
        }
        if (page != null && (page < 1 || xMm == null || yMm == null || xMm < 0 || yMm < 0)) {
            throw new IllegalArgumentException("placement by page needs page >= 1 and xMm, yMm >= 0");
        }
        if (keyword != null && (keyword.isBlank() || keyword.length() > MAX_KEYWORD)) {
            throw new IllegalArgumentException("the keyword must have 1 to " + MAX_KEYWORD + " characters");
        }
        if ((widthMm != null && widthMm <= 0) || (heightMm != null && heightMm <= 0)) {
            throw new IllegalArgumentException("widthMm and heightMm must be positive");
        }
    }

    /** Placement by page and millimetres or after a keyword (the form before fields and straddle seals). */
    public PdfOptions(String sealId, Integer page, Double xMm, Double yMm, String keyword, Double widthMm,
                      Double heightMm, boolean certify) {
        this(sealId, page, xMm, yMm, keyword, widthMm, heightMm, certify, null, null, null);
    }

    /** Placement by page and millimetres. */
    public static PdfOptions onPage(String sealId, int page, double xMm, double yMm) {
        return new PdfOptions(sealId, page, xMm, yMm, null, null, null, false);
    }

    /** Placement after a keyword. */
    public static PdfOptions afterKeyword(String sealId, String keyword) {
        return new PdfOptions(sealId, null, null, null, keyword, null, null, false);
    }

    /** Placement in the existing empty signature field {@code field}. */
    public static PdfOptions inField(String sealId, String field) {
        return new PdfOptions(sealId, null, null, null, null, null, null, false, field, null, null);
    }

    /** A straddle seal (骑缝章) from {@code fromPage} to {@code toPage} (0: the last page), {@code yMm} up. */
    public static PdfOptions straddle(String sealId, int fromPage, int toPage, double yMm) {
        return new PdfOptions(sealId, null, null, yMm, null, null, null, false, null, fromPage, toPage);
    }

    /** The crypto-core placement of these options, with the rectangle's (or the straddle seal's) size. */
    public PdfPlacement placement(double width, double height) {
        if (page != null) {
            return PdfPlacement.onPage(page, xMm, yMm, width, height);
        } else if (keyword != null) {
            return PdfPlacement.afterKeyword(keyword, width, height);
        } else if (field != null) {
            return PdfPlacement.inField(field);
        }
        return new PdfPlacement.Straddle(straddleFrom, straddleTo, yMm, width, height);
    }

    /** Why a PDF cannot be signed with these options: the error code and the reason. */
    public record Problem(ErrorCode code, String reason) {
    }

    /**
     * Checks, before anything is stored, that the PDF can take this signature (a PDF, not encrypted, not locked by a
     * certification, the page, keyword or field there): null when it can, else the problem ({@code PDF_ENCRYPTED} or
     * {@code PDF_INVALID}) every edge answers in its own protocol. The signing worker checks again when it signs.
     */
    public Problem problem(byte[] pdf) {
        try {
            org.medsign.crypto.pdf.PdfSigner.check(pdf, placement(10, 10), certify);
            return null;
        } catch (org.medsign.crypto.pdf.EncryptedPdfException e) {
            return new Problem(ErrorCode.PDF_ENCRYPTED, e.getMessage());
        } catch (org.medsign.crypto.MedsignCryptoException | IllegalStateException e) {
            return new Problem(ErrorCode.PDF_INVALID, e.getMessage());
        }
    }

    /** Whether the bytes are a PDF: {@code %PDF-} within the first 1,024 bytes, where PDF readers look for it. */
    public static boolean isPdf(byte[] content) {
        byte[] magic = {'%', 'P', 'D', 'F', '-'};
        for (int i = 0; i + magic.length <= Math.min(content.length, 1024); i++) {
            if (java.util.Arrays.equals(content, i, i + magic.length, magic, 0, magic.length)) {
                return true;
            }
        }
        return false;
    }

    /** Where a route places a seal when its file does not say: page 1, 140 mm from the left, 20 mm from the bottom. */
    public static final String DEFAULT_ROUTE_PLACEMENT = "page=1,x=140,y=20";

    /**
     * The options of a route file's parameters {@code pdfSeal} (a seal id or {@code name:<seal name>}; empty for the
     * signer's personal signature image) and {@code pdfPlacement}: {@code keyword=<text>},
     * {@code page=<n>,x=<mm>,y=<mm>}, {@code field=<signature field name>} or a straddle seal (骑缝章)
     * {@code straddle=<from>-<to>,y=<mm>} ({@code to} 0 or empty: the last page), each optionally followed by
     * {@code ,w=<mm>,h=<mm>}; empty for {@link #DEFAULT_ROUTE_PLACEMENT}.
     *
     * @throws IllegalArgumentException a placement that cannot be read (the route does not start)
     */
    public static PdfOptions fromRoute(String pdfSeal, String pdfPlacement) {
        String spec = pdfPlacement == null || pdfPlacement.isBlank() ? DEFAULT_ROUTE_PLACEMENT : pdfPlacement.trim();
        String seal = pdfSeal == null || pdfSeal.isBlank() ? null : pdfSeal.trim();
        Integer page = null;
        Double x = null;
        Double y = null;
        Double w = null;
        Double h = null;
        String keyword = null;
        String field = null;
        Integer straddleFrom = null;
        Integer straddleTo = null;
        if (spec.startsWith("field=")) {
            String rest = spec.substring("field=".length());
            int size = rest.indexOf(",w=");
            field = (size < 0 ? rest : rest.substring(0, size)).trim();
            spec = size < 0 ? "" : rest.substring(size + 1);
        } else if (spec.startsWith("keyword=")) {
            String rest = spec.substring("keyword=".length());
            int size = rest.indexOf(",w=");
            keyword = size < 0 ? rest : rest.substring(0, size);
            spec = size < 0 ? "" : rest.substring(size + 1);
        }
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("pdfPlacement: '" + part + "' is not name=value");
            }
            try {
                switch (kv[0].trim()) {
                    case "page" -> page = Integer.valueOf(kv[1].trim());
                    case "x" -> x = Double.valueOf(kv[1].trim());
                    case "y" -> y = Double.valueOf(kv[1].trim());
                    case "w" -> w = Double.valueOf(kv[1].trim());
                    case "h" -> h = Double.valueOf(kv[1].trim());
                    case "straddle" -> {
                        String[] range = kv[1].trim().split("-", -1);
                        if (range.length != 2) {
                            throw new IllegalArgumentException("pdfPlacement: straddle=<from>-<to>, not '" + kv[1]
                                    + "'");
                        }
                        straddleFrom = Integer.valueOf(range[0].trim());
                        straddleTo = range[1].isBlank() ? 0 : Integer.valueOf(range[1].trim());
                    }
                    default -> throw new IllegalArgumentException("pdfPlacement: unknown '" + kv[0] + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pdfPlacement: '" + part + "' is not a number");
            }
        }
        return new PdfOptions(seal, page, x, y, keyword, w, h, false, field, straddleFrom, straddleTo);
    }

    /**
     * Whether a route's {@code pdfSignature} parameter asks for visible PDF signatures ({@code visible}) rather than a
     * CMS over the PDF's bytes ({@code cms}, the default: what systems connected before visible signatures get).
     *
     * @throws IllegalArgumentException any other value (the route does not start)
     */
    public static boolean visible(String pdfSignature) {
        String value = pdfSignature == null ? "" : pdfSignature.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (value) {
            case "", "cms" -> false;
            case "visible" -> true;
            default -> throw new IllegalArgumentException("pdfSignature must be 'cms' or 'visible', not '"
                    + pdfSignature + "'");
        };
    }

    /**
     * The ";"-separated fields appended to {@link SigningOptions#encode()} (keyword and field name base64url, UTF-8;
     * a straddle seal as {@code straddle=<from>-<to>}).
     */
    String encode() {
        StringBuilder out = new StringBuilder(";pdf=true");
        if (sealId != null) {
            out.append(";seal=").append(sealId);
        }
        if (page != null) {
            out.append(";page=").append(page).append(";x=").append(xMm).append(";y=").append(yMm);
        } else if (field != null) {
            out.append(";field=").append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(field.getBytes(StandardCharsets.UTF_8)));
        } else if (straddleFrom != null) {
            out.append(";straddle=").append(straddleFrom).append('-').append(straddleTo).append(";y=").append(yMm);
        } else {
            out.append(";kw=").append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(keyword.getBytes(StandardCharsets.UTF_8)));
        }
        if (widthMm != null) {
            out.append(";w=").append(widthMm);
        }
        if (heightMm != null) {
            out.append(";h=").append(heightMm);
        }
        if (certify) {
            out.append(";certify=true");
        }
        return out.toString();
    }

    static String keyword(String encoded) {
        return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    }
}
