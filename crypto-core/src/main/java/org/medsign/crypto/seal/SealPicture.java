package org.medsign.crypto.seal;

import java.util.Arrays;
import java.util.Objects;

/**
 * The seal image of a GB/T 38540 {@code SES_ESPictrueInfo}: a format name ({@code PNG}, {@code GIF}, {@code JPG},
 * {@code SVG}), the image bytes and the printed size in millimetres. Immutable: the bytes are copied in and out.
 */
public record SealPicture(String type, byte[] data, int widthMm, int heightMm) {

    public SealPicture {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (widthMm <= 0 || heightMm <= 0) {
            throw new IllegalArgumentException("seal picture size must be positive millimetres");
        }
        data = data.clone();
    }

    /** A PNG picture. */
    public static SealPicture png(byte[] data, int widthMm, int heightMm) {
        return new SealPicture("PNG", data, widthMm, heightMm);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealPicture p && p.type.equals(type) && Arrays.equals(p.data, data)
                && p.widthMm == widthMm && p.heightMm == heightMm;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(data), widthMm, heightMm);
    }

    @Override
    public String toString() {
        return "SealPicture[" + type + ", " + data.length + " bytes, " + widthMm + "x" + heightMm + " mm]";
    }
}
