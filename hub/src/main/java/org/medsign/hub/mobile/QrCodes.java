package org.medsign.hub.mobile;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * The app's deep links (scan-to-sign {@code <base>/m/?task=<id>}, scan-to-login {@code <base>/m/?login=<id>}) and
 * their QR codes as PNG images: black modules on white, error correction M, a quiet zone of 4 modules (ISO/IEC 18004),
 * each module {@value #MODULE_PIXELS} pixels, so that a phone camera reads it off a screen or paper.
 */
public final class QrCodes {

    /** Pixels per QR module. */
    public static final int MODULE_PIXELS = 8;
    private static final int QUIET_ZONE = 4;
    private static final int MAX_CONTENT = 512;

    private QrCodes() {
    }

    /** The link that opens a task in the app. */
    public static String taskLink(String base, long taskId) {
        return base + "/m/?task=" + taskId;
    }

    /** The link that opens a login challenge in the app. */
    public static String loginLink(String base, String challengeId) {
        return base + "/m/?login=" + challengeId;
    }

    /** A PNG of the QR code of {@code content} (UTF-8). */
    public static byte[] png(String content) {
        if (content == null || content.isEmpty() || content.length() > MAX_CONTENT) {
            throw new IllegalArgumentException("QR content must be 1 to " + MAX_CONTENT + " characters");
        }
        BitMatrix matrix;
        try {
            // size 0: the smallest matrix, modules scaled below (ZXing's own scaling may leave uneven modules)
            matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.CHARACTER_SET, "UTF-8",
                    EncodeHintType.MARGIN, QUIET_ZONE));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + content.length() + " characters", e);
        }
        int size = matrix.getWidth() * MODULE_PIXELS;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, matrix.get(x / MODULE_PIXELS, y / MODULE_PIXELS) ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }
}
