package org.medsign.hub.evidence;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.cms.HandwritingAttribute;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.HubException;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Handwriting images (手写签名): checks a PNG before anything is signed over it, and keeps it with its signature
 * ({@code signature_handwriting}, sealed at rest under the key-encryption key, bound to the signature id) for the
 * signature's evidence package. The CMS carries only the image's SM3 ({@link HandwritingAttribute}).
 */
@Component
public class HandwritingImages {

    /** Largest PNG accepted, in bytes (512 KiB). */
    public static final int MAX_BYTES = 512 * 1024;
    /** Smallest width and height in pixels. */
    public static final int MIN_WIDTH = 64;
    public static final int MIN_HEIGHT = 32;
    /** Largest width and height in pixels (a tablet canvas at twice its CSS size stays well below). */
    public static final int MAX_SIDE = 2048;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** A checked PNG: its bytes, size in pixels and SM3 (hex). */
    public record Checked(byte[] png, int width, int height, String sm3) {

        /** The signed attribute for this image. */
        public HandwritingAttribute attribute() {
            return HandwritingAttribute.ofPng(png);
        }

        @Override
        public String toString() {
            return "Checked[" + width + "x" + height + ", " + png.length + " bytes, sm3 " + sm3 + "]";
        }
    }

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;

    public HandwritingImages(JdbcClient jdbc, KeyEncryptionKey kek) {
        this.jdbc = jdbc;
        this.kek = kek;
    }

    /**
     * Checks a handwriting image: present, at most {@link #MAX_BYTES}, the PNG signature bytes, an IHDR of
     * {@link #MIN_WIDTH}×{@link #MIN_HEIGHT} to {@link #MAX_SIDE}×{@link #MAX_SIDE} pixels, decodable, and not
     * blank (some pixel neither transparent nor white). Else {@code HANDWRITING_INVALID} saying which.
     */
    public static Checked check(byte[] png) {
        if (png == null || png.length == 0) {
            throw invalid("the handwriting image is missing");
        }
        if (png.length > MAX_BYTES) {
            throw invalid("the handwriting image has " + png.length + " bytes; at most " + MAX_BYTES + " are accepted");
        }
        if (png.length < 33 || !Arrays.equals(Arrays.copyOf(png, 8), PNG_SIGNATURE)) {
            throw invalid("the handwriting image is not a PNG (its first bytes are not the PNG signature)");
        }
        ByteBuffer header = ByteBuffer.wrap(png, 8, 25);
        int chunkLength = header.getInt();
        byte[] type = new byte[4];
        header.get(type);
        if (chunkLength != 13 || !"IHDR".equals(new String(type, java.nio.charset.StandardCharsets.US_ASCII))) {
            throw invalid("the handwriting image is not a PNG (no IHDR chunk first)");
        }
        long width = Integer.toUnsignedLong(header.getInt());
        long height = Integer.toUnsignedLong(header.getInt());
        if (width < MIN_WIDTH || height < MIN_HEIGHT || width > MAX_SIDE || height > MAX_SIDE) {
            throw invalid("the handwriting image is " + width + "x" + height + " pixels; between " + MIN_WIDTH + "x"
                    + MIN_HEIGHT + " and " + MAX_SIDE + "x" + MAX_SIDE + " are accepted");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException | RuntimeException e) {
            image = null;
        }
        if (image == null || image.getWidth() != width || image.getHeight() != height) {
            throw invalid("the handwriting image is not a readable PNG");
        }
        if (blank(image)) {
            throw invalid("the handwriting image is blank: nothing was written");
        }
        return new Checked(png.clone(), (int) width, (int) height, HexFormat.of().formatHex(Sm3.digest(png)));
    }

    private static boolean blank(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                if ((argb >>> 24) > 16 && (argb & 0xFFFFFF) != 0xFFFFFF) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Keeps a checked image with its signature (in the caller's transaction). */
    public void store(String signatureId, Checked image) {
        jdbc.sql("INSERT INTO signature_handwriting (signature_id, image_sealed, image_sm3, media_type, width, height, "
                        + "size_bytes, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(signatureId, kek.seal(image.png(), context(signatureId)), image.sm3(), HandwritingAttribute.PNG,
                        image.width(), image.height(), image.png().length, Timestamp.from(Instant.now()))
                .update();
    }

    /** The handwriting image kept with a signature, opened; empty when it has none. */
    public Optional<byte[]> imageOf(String signatureId) {
        return jdbc.sql("SELECT image_sealed FROM signature_handwriting WHERE signature_id = ?").param(signatureId)
                .query(byte[].class).optional().map(sealed -> kek.open(sealed, context(signatureId)));
    }

    private static String context(String signatureId) {
        return "signature_handwriting/" + signatureId;
    }

    private static HubException invalid(String detail) {
        return new HubException(ErrorCode.HANDWRITING_INVALID, detail);
    }
}
