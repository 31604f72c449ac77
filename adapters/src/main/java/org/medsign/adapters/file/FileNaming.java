package org.medsign.adapters.file;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a drop-folder system names its files: a regular expression with the named groups {@code signer} (the system's
 * staff code, required) and {@code document} (the document id, optional). The default reads
 * {@code <signer>_<document>.<ext>}, e.g. {@code XD0003_ECG-20261127-0042.pdf}. The file name itself is the request
 * id, so the same file dropped twice is signed once.
 */
public final class FileNaming {

    /** {@code <signer>_<document>[.<ext>]}. */
    public static final String DEFAULT_PATTERN = "(?<signer>[^_]+)_(?<document>[^.]+)(\\..*)?";

    /** Longest file name the hub takes (its request ids are at most 128 characters). */
    public static final int MAX_NAME = 128;

    private final Pattern pattern;
    private final boolean hasDocument;

    public FileNaming(String regex) {
        Objects.requireNonNull(regex, "regex");
        try {
            this.pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("namePattern is not a regular expression: " + e.getDescription());
        }
        if (!regex.contains("(?<signer>")) {
            throw new IllegalArgumentException("namePattern must have a group named signer: (?<signer>...)");
        }
        this.hasDocument = regex.contains("(?<document>");
    }

    /** What a file name says. */
    public record Parsed(String signer, String documentId) {
    }

    /** Reads a file name, or throws {@link IllegalArgumentException} saying why it cannot be used. */
    public Parsed parse(String fileName) {
        if (fileName.length() > MAX_NAME) {
            throw new IllegalArgumentException("the file name is longer than " + MAX_NAME + " characters");
        }
        Matcher matcher = pattern.matcher(fileName);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("the file name does not match " + pattern.pattern()
                    + " (expected e.g. <signer>_<document>.pdf)");
        }
        String signer = matcher.group("signer");
        if (signer == null || signer.isBlank()) {
            throw new IllegalArgumentException("the file name names no signer");
        }
        String document = hasDocument ? matcher.group("document") : null;
        return new Parsed(signer.trim(), document == null || document.isBlank() ? null : document.trim());
    }
}
