package org.medsign.hub.seal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.springframework.stereotype.Component;

/**
 * Validates a seal picture: a PNG (signature bytes and a full decode), with an alpha channel that makes some pixels
 * transparent, within the byte and pixel limits of {@link SealProperties}, and with a physical size in millimetres
 * taken from the declared width and height or, when none is declared, from the PNG's resolution chunk (pHYs). Every
 * refusal is a {@link SealException.ImageInvalid} whose message is the reason, in English, without image content.
 */
@Component
public class SealImages {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

    /** An accepted picture: the bytes, pixel dimensions and printed size in whole millimetres. */
    public record Checked(byte[] png, int widthPx, int heightPx, int widthMm, int heightMm) {
    }

    private final SealProperties properties;

    public SealImages(SealProperties properties) {
        this.properties = properties;
    }

    /**
     * Checks a picture; {@code widthMm}/{@code heightMm} are both given or both null (then the PNG must carry
     * pHYs in pixels per metre).
     */
    public Checked check(byte[] png, Double widthMm, Double heightMm) {
        if (png == null || png.length == 0) {
            throw new SealException.ImageInvalid("the seal image is missing");
        }
        if (png.length > properties.maxImageBytes()) {
            throw new SealException.ImageInvalid("the seal image is " + png.length + " bytes, more than the limit of "
                    + properties.maxImageBytes() + " bytes");
        }
        if (png.length < PNG_SIGNATURE.length + 25
                || !Arrays.equals(Arrays.copyOf(png, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
            throw new SealException.ImageInvalid("the seal image is not a PNG (only PNG with transparency is accepted)");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException | RuntimeException e) {
            image = null;
        }
        if (image == null) {
            throw new SealException.ImageInvalid("the seal image cannot be decoded as a PNG");
        }
        if (!image.getColorModel().hasAlpha()) {
            throw new SealException.ImageInvalid("the seal image has no alpha channel: a seal must be a PNG with "
                    + "a transparent background");
        }
        if (!hasTransparentPixel(image)) {
            throw new SealException.ImageInvalid("the seal image has no transparent pixel: a seal must be a PNG "
                    + "with a transparent background");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        if (w < properties.minPixels() || h < properties.minPixels() || w > properties.maxPixels()
                || h > properties.maxPixels()) {
            throw new SealException.ImageInvalid("the seal image is " + w + "x" + h + " pixels; width and height "
                    + "must be between " + properties.minPixels() + " and " + properties.maxPixels() + " pixels");
        }
        double mmW;
        double mmH;
        if (widthMm == null && heightMm == null) {
            long[] ppm = pixelsPerMetre(png);
            if (ppm == null) {
                throw new SealException.ImageInvalid("the seal image has no resolution (pHYs chunk): declare "
                        + "widthMm and heightMm");
            }
            mmW = w * 1000.0 / ppm[0];
            mmH = h * 1000.0 / ppm[1];
        } else if (widthMm == null || heightMm == null) {
            throw new SealException.ImageInvalid("declare both widthMm and heightMm, or neither (the PNG's pHYs "
                    + "resolution is used then)");
        } else {
            mmW = widthMm;
            mmH = heightMm;
            if (!(mmW > 0 && mmH > 0)) {
                throw new SealException.ImageInvalid("widthMm and heightMm must be positive");
            }
            double declared = mmW / mmH;
            double pixels = (double) w / h;
            if (Math.abs(declared - pixels) / pixels > properties.ratioTolerance()) {
                throw new SealException.ImageInvalid(String.format(Locale.ROOT, "the declared size %.1fx%.1f mm "
                        + "does not match the image's aspect ratio (%dx%d pixels)", mmW, mmH, w, h));
            }
        }
        int roundW = (int) Math.round(mmW);
        int roundH = (int) Math.round(mmH);
        if (roundW < properties.minMm() || roundH < properties.minMm() || roundW > properties.maxMm()
                || roundH > properties.maxMm()) {
            throw new SealException.ImageInvalid(String.format(Locale.ROOT, "the seal would print %.1fx%.1f mm; "
                    + "width and height must be between %d and %d mm", mmW, mmH, properties.minMm(), properties.maxMm()));
        }
        return new Checked(png.clone(), w, h, roundW, roundH);
    }

    private static boolean hasTransparentPixel(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) >>> 24) < 255) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Pixels per metre (x, y) from the pHYs chunk when its unit is the metre, else null. */
    static long[] pixelsPerMetre(byte[] png) {
        ByteBuffer buffer = ByteBuffer.wrap(png);
        int at = PNG_SIGNATURE.length;
        while (at + 8 <= png.length) {
            long length = Integer.toUnsignedLong(buffer.getInt(at));
            String type = new String(png, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if ("pHYs".equals(type) && length == 9 && at + 17 <= png.length) {
                long x = Integer.toUnsignedLong(buffer.getInt(at + 8));
                long y = Integer.toUnsignedLong(buffer.getInt(at + 12));
                return png[at + 16] == 1 && x > 0 && y > 0 ? new long[] {x, y} : null;
            }
            if ("IDAT".equals(type) || "IEND".equals(type)) {
                return null; // pHYs comes before the image data
            }
            at += 12 + (int) Math.min(length, Integer.MAX_VALUE - 12);
        }
        return null;
    }
}
