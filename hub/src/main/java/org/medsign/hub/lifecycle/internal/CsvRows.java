package org.medsign.hub.lifecycle.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV as rows with the physical line each starts on: double-quoted fields (with "" for a quote and line
 * breaks inside), CRLF or LF, a leading UTF-8 byte-order mark ignored, blank lines skipped.
 */
public final class CsvRows {

    /** One record and the 1-based line it starts on. */
    public record Row(int line, List<String> fields) {

        /** Whether every field is empty. */
        public boolean blank() {
            return fields.stream().allMatch(String::isBlank);
        }
    }

    private CsvRows() {
    }

    /** Parses the whole text; an unterminated quote ends the last field at the end of the text. */
    public static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int line = 1;
        int rowLine = 1;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < body.length() && body.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    any = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    any = true;
                }
                case '\r' -> {
                    // part of CRLF; a lone CR is ignored too
                }
                case '\n' -> {
                    fields.add(field.toString());
                    addRow(rows, rowLine, fields, any);
                    fields = new ArrayList<>();
                    field.setLength(0);
                    any = false;
                    line++;
                    rowLine = line;
                }
                default -> {
                    field.append(c);
                    any = true;
                }
            }
        }
        if (any || field.length() > 0) {
            fields.add(field.toString());
            addRow(rows, rowLine, fields, true);
        }
        return rows;
    }

    private static void addRow(List<Row> rows, int line, List<String> fields, boolean any) {
        Row row = new Row(line, List.copyOf(fields.stream().map(String::trim).toList()));
        if (any && !row.blank()) {
            rows.add(row);
        }
    }
}
