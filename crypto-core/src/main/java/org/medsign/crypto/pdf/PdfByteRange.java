package org.medsign.crypto.pdf;

/**
 * A signature's {@code /ByteRange [offset1 length1 offset2 length2]}: the signed bytes are
 * {@code [offset1, offset1+length1)} and {@code [offset2, offset2+length2)}; the gap between them should be exactly
 * the {@code /Contents} hex string including its angle brackets.
 */
public record PdfByteRange(long offset1, long length1, long offset2, long length2) {

    /** Of PDFBox's int[4]; null when absent or not four numbers. */
    static PdfByteRange of(int[] byteRange) {
        if (byteRange == null || byteRange.length != 4) {
            return null;
        }
        return new PdfByteRange(byteRange[0], byteRange[1], byteRange[2], byteRange[3]);
    }

    /** The offset just after the last signed byte. */
    public long end() {
        return offset2 + length2;
    }

    /** Whether {@code offset} is one of the signed bytes. */
    public boolean covers(long offset) {
        return (offset >= offset1 && offset < offset1 + length1) || (offset >= offset2 && offset < end());
    }

    /** As PDF writes it: {@code [0 840 19786 1234]}. */
    @Override
    public String toString() {
        return "[" + offset1 + " " + length1 + " " + offset2 + " " + length2 + "]";
    }
}
