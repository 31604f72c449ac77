package org.medsign.hub.seal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

/** PNGs for the seal tests: transparent, opaque, noisy, and with a pHYs resolution chunk. */
public final class SealPngs {

    private SealPngs() {
    }

    /** A red disc on a transparent background. */
    public static byte[] transparent(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillOval(width / 8, height / 8, width * 3 / 4, height * 3 / 4);
        g.dispose();
        return png(image);
    }

    /** An RGB image without an alpha channel. */
    public static byte[] opaque(int width, int height) {
        return discOnWhite(BufferedImage.TYPE_INT_RGB, width, height);
    }

    /** An alpha channel, but every pixel opaque (refused: a seal needs transparency). */
    public static byte[] solidWithAlpha(int width, int height) {
        return discOnWhite(BufferedImage.TYPE_INT_ARGB, width, height);
    }

    /** A red disc filling a white rectangle: no transparent pixel, whatever the image type. */
    private static byte[] discOnWhite(int imageType, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, imageType);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.RED);
        g.fillOval(0, 0, width, height);
        g.dispose();
        return png(image);
    }

    /** Random ARGB noise: a PNG that hardly compresses. */
    public static byte[] noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return png(image);
    }

    /** {@code png} with a pHYs chunk (pixels per metre, unit metre) right after IHDR. */
    public static byte[] withPhys(byte[] png, int pixelsPerMetre) {
        ByteBuffer data = ByteBuffer.allocate(9).putInt(pixelsPerMetre).putInt(pixelsPerMetre).put((byte) 1);
        byte[] type = "pHYs".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data.array());
        ByteBuffer chunk = ByteBuffer.allocate(21).putInt(9).put(type).put(data.array()).putInt((int) crc.getValue());
        int afterIhdr = 8 + 25;
        byte[] out = new byte[png.length + 21];
        System.arraycopy(png, 0, out, 0, afterIhdr);
        System.arraycopy(chunk.array(), 0, out, afterIhdr, 21);
        System.arraycopy(png, afterIhdr, out, afterIhdr + 21, png.length - afterIhdr);
        return out;
    }

    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
