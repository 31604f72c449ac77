package org.medsign.adapters.hl7v2;

import java.time.Duration;

/**
 * What an inbound message may be before HAPI sees it: HAPI 2.6 has no such limits of its own, and its parse time
 * grows with the square of the separators in one field (an OBX-5 of 32,000 {@code &} or {@code ^} takes tens of
 * seconds). {@link #check(String)} looks at every character once; the parse itself then runs within
 * {@link #parseTimeout()}. Every limit hit is an {@link Hl7LimitExceededException} (AR, text without field values).
 *
 * @param maxMessageBytes      largest message (bytes as received, without the MLLP frame)
 * @param maxSegments          most segments
 * @param maxRepetitions       most repetitions of one field ({@code ~} + 1)
 * @param maxComponents        most components of one field repetition ({@code ^} + 1)
 * @param maxSubcomponents     most sub-components of one component ({@code &} + 1)
 * @param parseTimeout         how long HAPI may take to parse one message
 */
public record Hl7Limits(int maxMessageBytes, int maxSegments, int maxRepetitions, int maxComponents,
                        int maxSubcomponents, Duration parseTimeout) {

    /** Default largest message: 4 MiB (a document of about 3 MiB embedded in base64). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** The defaults. */
    public static final Hl7Limits DEFAULTS = new Hl7Limits(DEFAULT_MAX_MESSAGE_BYTES, 5_000, 1_000, 100, 100,
            Duration.ofSeconds(5));

    public Hl7Limits {
        positive("maxMessageBytes", maxMessageBytes);
        positive("maxSegments", maxSegments);
        positive("maxRepetitions", maxRepetitions);
        positive("maxComponents", maxComponents);
        positive("maxSubcomponents", maxSubcomponents);
        if (parseTimeout == null || parseTimeout.isNegative() || parseTimeout.isZero()) {
            throw new IllegalArgumentException("parseTimeout must be positive, not " + parseTimeout);
        }
    }

    /** Checks the size of the bytes received. */
    public void checkSize(byte[] message) {
        if (message.length > maxMessageBytes) {
            throw new Hl7LimitExceededException(Hl7LimitExceededException.Limit.MESSAGE_BYTES, null, maxMessageBytes);
        }
    }

    /**
     * Checks a decoded message in one pass: segments, and repetitions, components and sub-components of every field,
     * with the separators its MSH declares. MSH-1 and MSH-2 (the encoding characters themselves) are not counted.
     */
    public void check(String message) {
        int end = 0;
        while (end < message.length() && message.charAt(end) != '\r' && message.charAt(end) != '\n') {
            end++;
        }
        check(message, Er7.delimiters(message.substring(0, Math.min(end, 8))));
    }

    void check(String message, Er7.Delimiters d) {
        int segments = 0;
        int segmentStart = -1;
        int field = 0;
        int repetitions = 1;
        int components = 1;
        int subcomponents = 1;
        boolean msh = false;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\r' || c == '\n') {
                segmentStart = -1;
                continue;
            }
            if (segmentStart < 0) {
                segmentStart = i;
                if (++segments > maxSegments) {
                    throw new Hl7LimitExceededException(Hl7LimitExceededException.Limit.SEGMENTS, null, maxSegments);
                }
                msh = message.startsWith("MSH", i);
                field = 0;
                repetitions = 1;
                components = 1;
                subcomponents = 1;
            }
            if (msh && i - segmentStart < 8) {
                if (c == d.field() && i - segmentStart == 3) {
                    field = 2;
                }
                continue;
            }
            if (c == d.field()) {
                field++;
                repetitions = 1;
                components = 1;
                subcomponents = 1;
            } else if (c == d.repetition()) {
                components = 1;
                subcomponents = 1;
                if (++repetitions > maxRepetitions) {
                    throw exceeded(Hl7LimitExceededException.Limit.REPETITIONS, message, segmentStart, field,
                            maxRepetitions);
                }
            } else if (c == d.component()) {
                subcomponents = 1;
                if (++components > maxComponents) {
                    throw exceeded(Hl7LimitExceededException.Limit.COMPONENTS, message, segmentStart, field,
                            maxComponents);
                }
            } else if (c == d.subcomponent() && ++subcomponents > maxSubcomponents) {
                throw exceeded(Hl7LimitExceededException.Limit.SUBCOMPONENTS, message, segmentStart, field,
                        maxSubcomponents);
            }
        }
    }

    private static Hl7LimitExceededException exceeded(Hl7LimitExceededException.Limit limit, String message,
                                                      int segmentStart, int field, int value) {
        return new Hl7LimitExceededException(limit, location(message, segmentStart, field), value);
    }

    /**
     * ERR-2 location {@code SEG^n^field}: the segment name only when it looks like one (three capitals or digits),
     * so that text cut by a stray line break is never quoted; n counts the segments of that name up to this one.
     */
    static String location(String message, int segmentStart, int field) {
        if (segmentStart + 3 > message.length()) {
            return null;
        }
        String name = message.substring(segmentStart, segmentStart + 3);
        if (!Er7.isSegmentName(name)) {
            return null;
        }
        int ordinal = 0;
        boolean lineStart = true;
        for (int i = 0; i <= segmentStart; i++) {
            char c = message.charAt(i);
            if (c == '\r' || c == '\n') {
                lineStart = true;
            } else {
                if (lineStart && message.startsWith(name, i)) {
                    ordinal++;
                }
                lineStart = false;
            }
        }
        return name + "^" + Math.max(1, ordinal) + (field > 0 ? "^" + field : "");
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }
}
