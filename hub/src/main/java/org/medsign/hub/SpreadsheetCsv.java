package org.medsign.hub;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one writer of every CSV the hub produces (audit export, inventory, campaign report): RFC 4180 (fields with a
 * comma, quote or line break double-quoted, CRLF line ends), safe to open in a spreadsheet.
 *
 * <p>Formula injection (OWASP "CSV Injection"): a cell that begins with {@code = + - @}, a tab or a carriage return
 * (or their full-width forms {@code ＝ ＋ － ＠}, which some CJK spreadsheets also evaluate) is written with a single
 * quote in front, so the spreadsheet shows it as text instead of evaluating it. Plain numbers such as {@code -5} or
 * {@code -2.5} are left as they are: a spreadsheet reads them as numbers, nothing else. A cell that itself begins
 * with a single quote gets one more, so the rule is reversible without ambiguity: <em>the stored value is the cell
 * with one leading single quote removed, if it has one</em> (auditors re-hashing an audit export apply it).
 */
public final class SpreadsheetCsv {

    private static final String TRIGGERS = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20";
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private final StringBuilder out = new StringBuilder();

    private SpreadsheetCsv(boolean byteOrderMark) {
        if (byteOrderMark) {
            out.append('\uFEFF');
        }
    }

    /** A CSV without a byte-order mark. */
    public static SpreadsheetCsv plain() {
        return new SpreadsheetCsv(false);
    }

    /** A CSV that starts with a UTF-8 byte-order mark, so that spreadsheets detect UTF-8 (Chinese names). */
    public static SpreadsheetCsv withByteOrderMark() {
        return new SpreadsheetCsv(true);
    }

    /** Appends a record; null cells are empty, other values are written by {@code toString()}, neutralised. */
    public SpreadsheetCsv row(List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object cell = cells.get(i);
            out.append(cell(cell == null ? "" : cell.toString()));
        }
        out.append("\r\n");
        return this;
    }

    /** Appends a record. */
    public SpreadsheetCsv row(Object... cells) {
        return row(Arrays.asList(cells));
    }

    /** The CSV so far. */
    public String text() {
        return out.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    /** One field: neutralised against formula evaluation, then quoted if RFC 4180 needs it. */
    public static String cell(String value) {
        String text = neutralised(value);
        return text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0
                ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    /** The value with a single quote in front if a spreadsheet could evaluate it (or it starts with a quote). */
    static String neutralised(String value) {
        if (value.isEmpty() || PLAIN_NUMBER.matcher(value).matches()) {
            return value;
        }
        char first = value.charAt(0);
        return first == '\'' || TRIGGERS.indexOf(first) >= 0 ? "'" + value : value;
    }

    /** Inverse of the neutralisation, for readers of an export: one leading single quote removed. */
    public static String storedValue(String cell) {
        return cell.startsWith("'") ? cell.substring(1) : cell;
    }
}
