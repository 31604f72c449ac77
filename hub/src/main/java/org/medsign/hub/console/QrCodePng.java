package org.medsign.hub.console;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * A QR code as a PNG {@code data:} URI, made on the server with ZXing core (the console's CSP allows {@code img-src
 * data:}; nothing is loaded from elsewhere and the content never reaches a third-party service). Black on white,
 * error correction M, the standard quiet zone of four modules.
 */
public final class QrCodePng {

    /** Pixels per module: a 10-character activation URL gives a QR code of about 250 px. */
    static final int MODULE_PIXELS = 6;
    private static final int QUIET_ZONE = 4;
    private static final int BLACK = 0xFF000000;
    private static final int WHITE = 0xFFFFFFFF;

    /** The image and its side in pixels (for the {@code <img>}'s width and height). */
    public record Image(String dataUri, int size) {
        @Override
        public String toString() {
            return "QrCodePng.Image[" + size + " px]"; // the content may be a secret
        }
    }

    private QrCodePng() {
    }

    /** Encodes {@code content} (UTF-8). */
    public static Image of(String content) {
        BitMatrix modules;
        try {
            // width/height 0: the smallest matrix, one pixel per module; scaled below
            modules = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                    EncodeHintType.MARGIN, QUIET_ZONE));
        } catch (WriterException e) {
            throw new IllegalArgumentException("content does not fit in a QR code", e);
        }
        int side = modules.getWidth() * MODULE_PIXELS;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, modules.get(x / MODULE_PIXELS, y / MODULE_PIXELS) ? BLACK : WHITE);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Image("data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()), side);
    }
}
