package org.medsign.adapters.hl7v2;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The character set of an HL7 v2 message: MSH-18 when present (HL7 table 0211 names and the names Chinese HIS
 * vendors use: {@code GB 18030-2000}, {@code GBK}, {@code UNICODE UTF-8}…), else the system's configured charset.
 * Decoding is strict: bytes that are not valid in that charset are an error, never silently replaced.
 */
public final class Msh18Charset {

    private static final Map<String, Charset> NAMES = Map.ofEntries(
            Map.entry("GB 18030-2000", Charset.forName("GB18030")),
            Map.entry("GB18030", Charset.forName("GB18030")),
            Map.entry("GB 18030", Charset.forName("GB18030")),
            Map.entry("GBK", Charset.forName("GBK")),
            Map.entry("GB2312", Charset.forName("GB2312")),
            Map.entry("GB 2312", Charset.forName("GB2312")),
            Map.entry("UNICODE UTF-8", StandardCharsets.UTF_8),
            Map.entry("UTF-8", StandardCharsets.UTF_8),
            Map.entry("UTF8", StandardCharsets.UTF_8),
            Map.entry("UNICODE", StandardCharsets.UTF_8),
            Map.entry("ASCII", StandardCharsets.US_ASCII),
            Map.entry("8859/1", StandardCharsets.ISO_8859_1));

    private Msh18Charset() {
    }

    /**
     * The header line decoded well enough to split it into fields: as UTF-8 when it is valid UTF-8, else as GB18030.
     * Reading the bytes one by one would not do: the second byte of some GBK characters (東, 億…) is 0x7C, the field
     * separator, and would shift every later field. Both decodings leave the ASCII of MSH-18 itself intact.
     */
    private static String headerText(byte[] message, int end) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(message, 0, end)).toString();
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            return new String(message, 0, end, java.nio.charset.Charset.forName("GB18030"));
        }
    }

    /** The MSH-18 value of a message (found before the message is decoded), or null when absent or empty. */
    public static String declared(byte[] message) {
        int end = 0;
        while (end < message.length && message[end] != '\r' && message[end] != '\n') {
            end++;
        }
        String msh = headerText(message, end);
        if (!msh.startsWith("MSH") || msh.length() < 4) {
            return null;
        }
        String separator = String.valueOf(msh.charAt(3));
        String[] fields = msh.split(java.util.regex.Pattern.quote(separator), -1);
        // fields[0] = "MSH", fields[1] = MSH-2 (encoding characters): MSH-n is fields[n - 1]
        if (fields.length < 18) {
            return null;
        }
        String value = fields[17];
        int repetition = value.indexOf('~');
        if (repetition >= 0) {
            value = value.substring(0, repetition);
        }
        return value.isBlank() ? null : value.trim();
    }

    /** The charset for a message: MSH-18 if declared, else {@code fallback}. */
    public static Charset of(byte[] message, Charset fallback) {
        String declared = declared(message);
        if (declared == null) {
            return fallback;
        }
        Charset charset = NAMES.get(declared.toUpperCase(Locale.ROOT));
        if (charset == null) {
            throw new Hl7RejectException(AckCode.AR, Hl7ErrorCode.TABLE_VALUE_NOT_FOUND, "MSH^1^18",
                    "the character set in MSH-18 is not supported (GB 18030-2000, GBK, GB2312, UNICODE UTF-8, ASCII, "
                            + "8859/1 are)");
        }
        return charset;
    }

    /** Decodes strictly; malformed bytes are rejected with an ERR naming MSH-18. */
    public static String decode(byte[] message, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString();
        } catch (CharacterCodingException e) {
            throw new Hl7RejectException(AckCode.AE, Hl7ErrorCode.DATA_TYPE_ERROR, "MSH^1^18",
                    "message bytes are not valid " + charset.name() + " (wrong MSH-18 or system charset)");
        }
    }
}
