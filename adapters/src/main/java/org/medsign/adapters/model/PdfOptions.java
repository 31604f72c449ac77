package org.medsign.adapters.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where and with which seal a PDF is signed ({@link Operation#PDF}): by page and millimetres from the page's lower-left
 * corner, or after a keyword (关键字定位); the rectangle's size is the seal's unless given.
 *
 * @param sealId   the seal to apply, or null for the signer's own personal signature image
 * @param page     1-based page for placement by coordinates, or null for placement by keyword
 * @param xMm      lower-left corner, mm from the page's left edge (with {@code page})
 * @param yMm      lower-left corner, mm from the page's bottom edge (with {@code page})
 * @param keyword  the text after which the seal goes (without {@code page})
 * @param widthMm  rectangle width in mm, or null for the seal's width
 * @param heightMm rectangle height in mm, or null for the seal's height
 * @param certify  make this the document's certification signature (DocMDP P=2): only the first signature
 */
public record PdfOptions(String sealId, Integer page, Double xMm, Double yMm, String keyword, Double widthMm,
                         Double heightMm, boolean certify) {

    /** Longest keyword accepted (characters). */
    public static final int MAX_KEYWORD = 32;

    public PdfOptions {
        if ((page == null) == (keyword == null)) {
            throw new IllegalArgumentException("placement needs either a page with xMm and yMm, or a keyword");
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

    /** Placement by page and millimetres. */
    public static PdfOptions onPage(String sealId, int page, double xMm, double yMm) {
        return new PdfOptions(sealId, page, xMm, yMm, null, null, null, false);
    }

    /** Placement after a keyword. */
    public static PdfOptions afterKeyword(String sealId, String keyword) {
        return new PdfOptions(sealId, null, null, null, keyword, null, null, false);
    }

    /** Where a route places a seal when its file does not say: page 1, 140 mm from the left, 20 mm from the bottom. */
    public static final String DEFAULT_ROUTE_PLACEMENT = "page=1,x=140,y=20";

    /**
     * The options of a route file's parameters {@code pdfSeal} (a seal id or {@code name:<seal name>}; empty for the
     * signer's personal signature image) and {@code pdfPlacement}: {@code keyword=<text>} or
     * {@code page=<n>,x=<mm>,y=<mm>}, each optionally followed by {@code ,w=<mm>,h=<mm>}; empty for
     * {@link #DEFAULT_ROUTE_PLACEMENT}.
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
        if (spec.startsWith("keyword=")) {
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
                    default -> throw new IllegalArgumentException("pdfPlacement: unknown '" + kv[0] + "'");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pdfPlacement: '" + part + "' is not a number");
            }
        }
        return new PdfOptions(seal, page, x, y, keyword, w, h, false);
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

    /** The ";"-separated fields appended to {@link SigningOptions#encode()} (the keyword base64url, UTF-8). */
    String encode() {
        StringBuilder out = new StringBuilder(";pdf=true");
        if (sealId != null) {
            out.append(";seal=").append(sealId);
        }
        if (page != null) {
            out.append(";page=").append(page).append(";x=").append(xMm).append(";y=").append(yMm);
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
