package org.medsign.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One HL7 v2 message in ER7 encoding, split into segments and fields when constructed; read access by the field
 * numbers of the standard ({@code MSH-10}, {@code TXA-12.1}). Segments end with CR (LF and CRLF are tolerated);
 * the delimiters are the ones MSH declares. Values are returned as written, escapes not resolved.
 */
final class Er7Message {

    private static final Pattern SEGMENT_END = Pattern.compile("[\r\n]+");

    private final List<String[]> segments = new ArrayList<>();
    private final char component;
    private final char repetition;

    /** Parses {@code text}; it must start with an MSH segment that declares its delimiters. */
    Er7Message(String text) throws MalformedHl7Exception {
        if (text == null || !text.startsWith("MSH") || text.length() < 8) {
            throw new MalformedHl7Exception("not an HL7 v2 message: it does not start with MSH and its delimiters");
        }
        char field = text.charAt(3);
        component = text.charAt(4);
        repetition = text.charAt(5);
        Pattern fieldSplit = Pattern.compile(Pattern.quote(String.valueOf(field)));
        for (String line : SEGMENT_END.split(text)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = fieldSplit.split(line, -1);
            if (fields[0].equals("MSH")) {
                // MSH-1 is the field separator itself, so MSH-n sits at split index n - 1: shift by one.
                String[] shifted = new String[fields.length + 1];
                shifted[0] = "MSH";
                shifted[1] = String.valueOf(field);
                System.arraycopy(fields, 1, shifted, 2, fields.length - 1);
                fields = shifted;
            }
            segments.add(fields);
        }
    }

    /** Whether the message has a segment named {@code segment}. */
    boolean has(String segment) {
        return segments.stream().anyMatch(fields -> fields[0].equals(segment));
    }

    /** Field {@code index} of the first {@code segment}; empty when the segment or the field is absent. */
    String field(String segment, int index) {
        for (String[] fields : segments) {
            if (fields[0].equals(segment)) {
                return index < fields.length ? fields[index] : "";
            }
        }
        return "";
    }

    /** Component {@code number} (from 1) of the field's first repetition; empty when absent. */
    String component(String segment, int index, int number) {
        String value = field(segment, index);
        int end = value.indexOf(repetition);
        if (end >= 0) {
            value = value.substring(0, end);
        }
        String[] components = value.split(Pattern.quote(String.valueOf(component)), -1);
        return number <= components.length ? components[number - 1] : "";
    }

    /** All segments named {@code segment}, each as its fields (index = field number). */
    List<String[]> segments(String segment) {
        return segments.stream().filter(fields -> fields[0].equals(segment)).toList();
    }
}
