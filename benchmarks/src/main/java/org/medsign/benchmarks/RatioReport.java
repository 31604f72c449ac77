package org.medsign.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads a JMH JSON result file and prints a Markdown table of each MedSign wrapper beside the raw BouncyCastle
 * operation of the same benchmark class: {@code medsignX} pairs with {@code rawBouncyCastleX} when that exists,
 * otherwise with {@code rawBouncyCastle}. With JMH {@code @Param}s, a wrapper pairs with the raw result whose
 * parameters it shares (a raw method may use fewer parameters, e.g. not the placement), and the row names them.
 * Raw variants without a wrapper go to a second table of references; other methods are left out.
 */
public final class RatioReport {

    private static final String RAW = "rawBouncyCastle";
    private static final String OURS = "medsign";

    /** One JMH result line; {@code params} are its JMH parameters in declaration order (empty without any). */
    record Result(String benchmarkClass, String method, Map<String, String> params, int threads, double score,
                  double error, String unit) {

        String group() {
            return benchmarkClass + (threads == 1 ? "" : " [" + threads + " threads]");
        }

        /** The group, with the parameters when there are any: {@code PdfSign [pages=50, placement=keyword]}. */
        String label() {
            if (params.isEmpty()) {
                return group();
            }
            StringJoiner joined = new StringJoiner(", ", " [", "]");
            params.forEach((name, value) -> joined.add(name + "=" + value));
            return benchmarkClass + joined + (threads == 1 ? "" : " [" + threads + " threads]");
        }

        /** Whether every parameter of {@code other} has the same value here. */
        boolean sharesParamsOf(Result other) {
            return other.params.entrySet().stream().allMatch(e -> e.getValue().equals(params.get(e.getKey())));
        }
    }

    private RatioReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp medsign-benchmarks.jar org.medsign.benchmarks.RatioReport <jmh.json>");
            System.exit(2);
        }
        String json = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        System.out.print(render(results(new JsonReader(json).value())));
    }

    /** The results in a parsed JMH JSON document (an array of run objects). */
    static List<Result> results(Object document) {
        List<Result> results = new ArrayList<>();
        if (!(document instanceof List<?> runs)) {
            throw new IllegalArgumentException("not a JMH JSON result: the top level is not an array");
        }
        for (Object run : runs) {
            Map<?, ?> fields = (Map<?, ?>) run;
            String benchmark = (String) fields.get("benchmark");
            int dot = benchmark.lastIndexOf('.');
            String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
            Map<?, ?> metric = (Map<?, ?>) fields.get("primaryMetric");
            Map<String, String> params = new LinkedHashMap<>();
            if (fields.get("params") instanceof Map<?, ?> declared) {
                declared.forEach((name, value) -> params.put(String.valueOf(name), String.valueOf(value)));
            }
            results.add(new Result(className.replaceFirst("Benchmark$", ""), benchmark.substring(dot + 1), params,
                    (int) number(fields.get("threads")), number(metric.get("score")), number(metric.get("scoreError")),
                    String.valueOf(metric.get("scoreUnit"))));
        }
        return results;
    }

    /** The Markdown report. */
    static String render(List<Result> results) {
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        for (Result result : results) {
            groups.computeIfAbsent(result.group(), g -> new ArrayList<>()).add(result);
        }
        StringBuilder pairs = new StringBuilder(
                "| operation | raw BC ops/s | MedSign ops/s | ratio (%) |\n|---|---:|---:|---:|\n");
        StringBuilder references = new StringBuilder();
        for (List<Result> group : groups.values()) {
            List<Result> baselines = new ArrayList<>();
            for (Result ours : group) {
                if (!ours.method().startsWith(OURS)) {
                    continue;
                }
                String rawName = RAW + ours.method().substring(OURS.length());
                Result raw = find(group, rawName, ours);
                if (raw == null) {
                    raw = find(group, RAW, ours);
                }
                String operation = ours.label();
                if (raw == null) {
                    pairs.append(row(operation + ": " + ours.method() + " (no raw baseline)", null, ours));
                    continue;
                }
                baselines.add(raw);
                if (!ours.method().equals(OURS) || !raw.method().equals(RAW)) {
                    operation += ": " + ours.method() + " / " + raw.method();
                }
                pairs.append(row(operation, raw, ours));
            }
            for (Result other : group) {
                if (!other.method().startsWith(RAW) || other.method().equals(RAW) || baselines.contains(other)) {
                    continue;
                }
                Result baseline = find(group, RAW, other);
                if (baseline != null) {
                    references.append(row(other.label() + ": " + other.method() + " / " + RAW, baseline, other));
                }
            }
        }
        StringBuilder report = new StringBuilder(pairs);
        if (references.length() > 0) {
            report.append("\nReference variants (raw BouncyCastle only, against the class baseline):\n\n")
                    .append("| variant | baseline ops/s | variant ops/s | ratio (%) |\n|---|---:|---:|---:|\n")
                    .append(references);
        }
        for (Result result : results) {
            if (!result.unit().equals("ops/s")) {
                report.append("\nNote: ").append(result.benchmarkClass()).append('.').append(result.method())
                        .append(" is in ").append(result.unit()).append(", not ops/s.\n");
            }
        }
        return report.toString();
    }

    /** The result of {@code method} whose parameters {@code forResult} shares (the first, in file order), or null. */
    private static Result find(List<Result> group, String method, Result forResult) {
        for (Result candidate : group) {
            if (candidate.method().equals(method) && forResult.sharesParamsOf(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String row(String operation, Result raw, Result ours) {
        String ratio = raw == null ? "–" : String.format(Locale.ROOT, "%.1f", 100 * ours.score() / raw.score());
        return "| " + operation + " | " + (raw == null ? "–" : rate(raw)) + " | " + rate(ours) + " | " + ratio + " |\n";
    }

    private static String rate(Result result) {
        String score = String.format(Locale.ROOT, "%,.0f", result.score());
        return Double.isNaN(result.error()) ? score : score + String.format(Locale.ROOT, " ± %,.0f", result.error());
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) { // JMH writes "NaN" as a string
            return Double.parseDouble(s);
        }
        throw new IllegalArgumentException("expected a number, found " + value);
    }

    /** Just enough JSON for JMH's output: objects, arrays, strings, numbers, true, false, null. */
    static final class JsonReader {
        private final String text;
        private int position;

        JsonReader(String text) {
            this.text = text;
        }

        Object value() {
            skipBlanks();
            if (position >= text.length()) {
                throw error("unexpected end of input");
            }
            char c = text.charAt(position);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                default:
                    if (text.startsWith("true", position)) {
                        position += 4;
                        return Boolean.TRUE;
                    }
                    if (text.startsWith("false", position)) {
                        position += 5;
                        return Boolean.FALSE;
                    }
                    if (text.startsWith("null", position)) {
                        position += 4;
                        return null;
                    }
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            position++;
            skipBlanks();
            if (peek() == '}') {
                position++;
                return object;
            }
            while (true) {
                skipBlanks();
                String key = string();
                skipBlanks();
                expect(':');
                object.put(key, value());
                skipBlanks();
                if (peek() == ',') {
                    position++;
                } else {
                    expect('}');
                    return object;
                }
            }
        }

        private List<Object> array() {
            List<Object> array = new ArrayList<>();
            position++;
            skipBlanks();
            if (peek() == ']') {
                position++;
                return array;
            }
            while (true) {
                array.add(value());
                skipBlanks();
                if (peek() == ',') {
                    position++;
                } else {
                    expect(']');
                    return array;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(position++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        position += 4;
                    }
                    default -> out.append(escaped);
                }
            }
        }

        private Double number() {
            int start = position;
            while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            if (start == position) {
                throw error("unexpected character '" + text.charAt(position) + "'");
            }
            return Double.valueOf(text.substring(start, position));
        }

        private void skipBlanks() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private char peek() {
            if (position >= text.length()) {
                throw error("unexpected end of input");
            }
            return text.charAt(position);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            position++;
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("JSON: " + message + " at offset " + position);
        }
    }
}
