package org.medsign.crypto.pdf;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSBoolean;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNull;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A seal PNG as a PDF image XObject, encoded once by PDFBox's {@link LosslessFactory} (Flate with PNG predictors, the
 * alpha channel as an {@code /SMask}) and kept as plain immutable data: the stream dictionaries and the already
 * filtered stream bytes. {@link #addTo} gives each document fresh COS objects with those bytes, so a signature no
 * longer pays the encoding (about 13 ms of CPU for the 496 × 496 px benchmark seal; the bytes written are the same).
 *
 * <p>{@link #of} decodes and encodes a PNG at most once while it stays in a small cache keyed by the SHA-256 of the
 * PNG bytes: at most {@value #CACHE_ENTRIES} images and {@value #CACHE_BYTES} bytes of encoded streams, least recently
 * used first out; an image larger than a quarter of that is encoded for its caller and not cached. Immutable and
 * thread-safe; the cache is guarded by its own lock, and encoding runs outside it.
 */
final class SealImageXObject {

    /** Most images kept. */
    static final int CACHE_ENTRIES = 16;
    /** Most encoded bytes kept (stream bytes of all cached images). */
    static final long CACHE_BYTES = 8L * 1024 * 1024;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final Object LOCK = new Object();
    /** Access order: the eldest entry is the least recently used. Guarded by {@link #LOCK}. */
    private static final LinkedHashMap<String, SealImageXObject> CACHE = new LinkedHashMap<>(32, 0.75f, true);
    private static long cachedBytes;

    private final Stream image;
    private final long bytes;

    private SealImageXObject(Stream image) {
        this.image = image;
        this.bytes = image.bytes();
    }

    /**
     * The encoded image of {@code png}, from the cache or decoded and encoded now (then cached when it fits).
     *
     * @throws NotAPngException {@code png} is not a PNG or cannot be decoded
     */
    static SealImageXObject of(byte[] png) {
        String key = HexFormat.of().formatHex(sha256(png));
        synchronized (LOCK) {
            SealImageXObject cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        SealImageXObject encoded = encode(decodePng(png));
        if (encoded.bytes <= CACHE_BYTES / 4) {
            synchronized (LOCK) {
                SealImageXObject raced = CACHE.putIfAbsent(key, encoded);
                if (raced != null) {
                    return raced;
                }
                cachedBytes += encoded.bytes;
                Iterator<SealImageXObject> eldest = CACHE.values().iterator();
                while (CACHE.size() > CACHE_ENTRIES || cachedBytes > CACHE_BYTES) {
                    cachedBytes -= eldest.next().bytes;
                    eldest.remove();
                }
            }
        }
        return encoded;
    }

    /** Images in the cache now (for tests). */
    static int cachedImages() {
        synchronized (LOCK) {
            return CACHE.size();
        }
    }

    /** Encoded bytes in the cache now (for tests). */
    static long cachedBytes() {
        synchronized (LOCK) {
            return cachedBytes;
        }
    }

    /** Empties the cache (for tests). */
    static void clearCache() {
        synchronized (LOCK) {
            CACHE.clear();
            cachedBytes = 0;
        }
    }

    /** Bytes of the encoded streams (image and soft mask). */
    long encodedBytes() {
        return bytes;
    }

    /** A new image XObject in {@code document} with the encoded streams (one per call; share it within a document). */
    PDImageXObject addTo(PDDocument document) throws IOException {
        COSStream stream = (COSStream) thaw(image, document);
        return new PDImageXObject(new PDStream(stream), null);
    }

    static BufferedImage decodePng(byte[] png) {
        if (png.length < PNG_SIGNATURE.length
                || !Arrays.equals(Arrays.copyOf(png, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
            throw new NotAPngException("the appearance image is not a PNG (no PNG signature)");
        }
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null || image.getWidth() == 0 || image.getHeight() == 0) {
                throw new NotAPngException("the appearance image cannot be decoded as PNG");
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof NotAPngException notPng) {
                throw notPng;
            }
            throw new NotAPngException("the appearance image cannot be decoded as PNG: " + e.getMessage(), e);
        }
    }

    private static SealImageXObject encode(BufferedImage image) {
        try (PDDocument scratch = new PDDocument()) {
            return new SealImageXObject((Stream) freeze(LosslessFactory.createFromImage(scratch, image)
                    .getCOSObject()));
        } catch (IOException e) {
            throw new NotAPngException("the appearance image cannot be encoded for PDF: " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    // The frozen form of the COS objects LosslessFactory makes: immutable values, rebuilt per document.

    private sealed interface Value permits Shared, Int, Real, Text, Array, Dictionary, Stream {
        /** Bytes of the stream data below this value. */
        default long bytes() {
            return 0;
        }
    }

    /** COSName, COSBoolean, COSNull: immutable objects PDFBox itself shares between documents. */
    private record Shared(COSBase value) implements Value {
    }

    private record Int(long value) implements Value {
    }

    private record Real(float value) implements Value {
    }

    private record Text(byte[] value) implements Value {
    }

    private record Array(List<Value> items) implements Value {
        @Override
        public long bytes() {
            return items.stream().mapToLong(Value::bytes).sum();
        }
    }

    /** Entries in PDFBox's order, so the written dictionary is the same as the encoder's. */
    private record Dictionary(Map<COSName, Value> entries) implements Value {
        @Override
        public long bytes() {
            return entries.values().stream().mapToLong(Value::bytes).sum();
        }
    }

    /** The dictionary (with its {@code /Length}) and the filtered bytes as stored in the file. */
    private record Stream(Dictionary dictionary, byte[] raw) implements Value {
        @Override
        public long bytes() {
            return raw.length + dictionary.bytes();
        }
    }

    private static Value freeze(COSBase base) throws IOException {
        COSBase value = base instanceof COSObject reference ? reference.getObject() : base;
        if (value instanceof COSName || value instanceof COSBoolean || value == null || value instanceof COSNull) {
            return new Shared(value == null ? COSNull.NULL : value);
        } else if (value instanceof COSInteger integer) {
            return new Int(integer.longValue());
        } else if (value instanceof COSFloat real) {
            return new Real(real.floatValue());
        } else if (value instanceof COSString text) {
            return new Text(text.getBytes().clone());
        } else if (value instanceof COSArray array) {
            List<Value> items = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                items.add(freeze(array.get(i)));
            }
            return new Array(List.copyOf(items));
        } else if (value instanceof COSStream stream) {
            byte[] raw;
            try (InputStream in = stream.createRawInputStream()) {
                raw = in.readAllBytes();
            }
            return new Stream(freezeEntries(stream), raw);
        } else if (value instanceof COSDictionary dictionary) {
            return freezeEntries(dictionary);
        }
        throw new IllegalStateException("unexpected object in PDFBox's image XObject: " + value.getClass().getName());
    }

    private static Dictionary freezeEntries(COSDictionary dictionary) throws IOException {
        Map<COSName, Value> entries = new LinkedHashMap<>();
        for (Map.Entry<COSName, COSBase> entry : dictionary.entrySet()) {
            entries.put(entry.getKey(), freeze(entry.getValue()));
        }
        return new Dictionary(Collections.unmodifiableMap(entries));
    }

    private static COSBase thaw(Value value, PDDocument document) throws IOException {
        if (value instanceof Shared shared) {
            return shared.value();
        } else if (value instanceof Int integer) {
            return COSInteger.get(integer.value());
        } else if (value instanceof Real real) {
            return new COSFloat(real.value());
        } else if (value instanceof Text text) {
            return new COSString(text.value().clone());
        } else if (value instanceof Array array) {
            COSArray cos = new COSArray();
            for (Value item : array.items()) {
                cos.add(thaw(item, document));
            }
            return cos;
        } else if (value instanceof Dictionary dictionary) {
            COSDictionary cos = new COSDictionary();
            thawEntries(dictionary, cos, document);
            return cos;
        }
        Stream stream = (Stream) value;
        COSStream cos = document.getDocument().createCOSStream();
        thawEntries(stream.dictionary(), cos, document);
        // raw: the bytes are already filtered as the dictionary's /Filter and /DecodeParms say; /Length is set again
        try (OutputStream out = cos.createRawOutputStream()) {
            out.write(stream.raw());
        }
        return cos;
    }

    private static void thawEntries(Dictionary dictionary, COSDictionary target, PDDocument document)
            throws IOException {
        for (Map.Entry<COSName, Value> entry : dictionary.entries().entrySet()) {
            target.setItem(entry.getKey(), thaw(entry.getValue(), document));
        }
    }
}
