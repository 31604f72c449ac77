package org.medsign.adapters.hl7v2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough ER7 (pipe-and-hat) handling to read a header and fields without a full parse, and to write ACKs even
 * for messages HAPI cannot parse: segments, fields, components, and the standard escapes.
 */
final class Er7 {

    /** The encoding characters of a message. */
    record Delimiters(char field, char component, char repetition, char escape, char subcomponent) {
        static final Delimiters DEFAULT = new Delimiters('|', '^', '~', '\\', '&');
    }

    private Er7() {
    }

    /** Segments of a decoded message (CR, LF or CRLF separated), empty lines dropped. */
    static List<String> segments(String message) {
        List<String> segments = new ArrayList<>();
        for (String line : message.split("\r\n|\r|\n")) {
            if (!line.isBlank()) {
                segments.add(line);
            }
        }
        return segments;
    }

    /** Whether three characters can be a segment id (so that quoting them quotes no text). */
    static boolean isSegmentName(String name) {
        if (name == null || name.length() != 3 || name.charAt(0) < 'A' || name.charAt(0) > 'Z') {
            return false;
        }
        for (int i = 1; i < 3; i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** Delimiters from an MSH line; defaults when the header is missing or short. */
    static Delimiters delimiters(String msh) {
        if (msh == null || !msh.startsWith("MSH") || msh.length() < 8) {
            return Delimiters.DEFAULT;
        }
        return new Delimiters(msh.charAt(3), msh.charAt(4), msh.charAt(5), msh.charAt(6), msh.charAt(7));
    }

    /** Fields of a segment: index n is field n, except that for MSH index n is MSH-(n+1) as in the standard. */
    static String[] fields(String segment, Delimiters delimiters) {
        return segment.split(java.util.regex.Pattern.quote(String.valueOf(delimiters.field())), -1);
    }

    /** MSH-n of a header line (1-based, MSH-1 is the field separator), or "". */
    static String msh(String msh, int n, Delimiters delimiters) {
        if (msh == null || !msh.startsWith("MSH")) {
            return "";
        }
        if (n == 1) {
            return String.valueOf(delimiters.field());
        }
        String[] fields = fields(msh, delimiters);
        return n - 1 < fields.length ? fields[n - 1] : "";
    }

    /** Component {@code c} (1-based) of a field value, or "". */
    static String component(String value, int c, Delimiters delimiters) {
        String[] parts = value.split(java.util.regex.Pattern.quote(String.valueOf(delimiters.component())), -1);
        return c - 1 < parts.length ? parts[c - 1] : "";
    }

    /** Escapes text for a field value. */
    static String escape(String text, Delimiters d) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char ch : text.toCharArray()) {
            if (ch == d.escape()) {
                out.append(d.escape()).append('E').append(d.escape());
            } else if (ch == d.field()) {
                out.append(d.escape()).append('F').append(d.escape());
            } else if (ch == d.component()) {
                out.append(d.escape()).append('S').append(d.escape());
            } else if (ch == d.subcomponent()) {
                out.append(d.escape()).append('T').append(d.escape());
            } else if (ch == d.repetition()) {
                out.append(d.escape()).append('R').append(d.escape());
            } else if (ch == '\r' || ch == '\n') {
                out.append(d.escape()).append(".br").append(d.escape());
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Reverses {@link #escape} (and .br line breaks); unknown escapes are kept as they are. */
    static String unescape(String text, Delimiters d) {
        if (text.indexOf(d.escape()) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            int end = ch == d.escape() ? text.indexOf(d.escape(), i + 1) : -1;
            if (end > i) {
                String code = text.substring(i + 1, end);
                switch (code) {
                    case "E" -> out.append(d.escape());
                    case "F" -> out.append(d.field());
                    case "S" -> out.append(d.component());
                    case "T" -> out.append(d.subcomponent());
                    case "R" -> out.append(d.repetition());
                    case ".br" -> out.append('\r');
                    default -> out.append(text, i, end + 1);
                }
                i = end + 1;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    /** UTF-8 bytes of a string. */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
