package org.medsign.adapters.hl7v2;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds acknowledgments in ER7 for any input, even input HAPI cannot parse: MSH with sender and receiver swapped,
 * MSA-1 code and MSA-2 = the message's MSH-10, and for AE/AR an ERR segment with both the v2.3/2.4 form (ERR-1:
 * location and code) and the v2.5 form (ERR-2 location, ERR-3 code from table 0357, ERR-4 severity from table 0516,
 * ERR-5 the hub's code and category as {@code CODE^CATEGORY^MEDSIGN}, ERR-8 text); see {@link Hl7Outcomes}.
 */
public final class Hl7Acks {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final AtomicLong COUNTER = new AtomicLong();

    private Hl7Acks() {
    }

    /** AA for a message (decoded text). */
    public static String accept(String message) {
        return build(message, AckCode.AA, null);
    }

    /** AE/AR with the rejection's ERR (AA for a pending outcome). */
    public static String reject(String message, Hl7RejectException rejection) {
        if (rejection.ackCode() == AckCode.AA) {
            return accept(message); // a pending outcome is an acceptance (Hl7Outcomes): no ERR
        }
        return build(message, rejection.ackCode(), rejection);
    }

    /** MSH-10 of a decoded message, or null when there is no readable header. */
    public static String controlId(String message) {
        List<String> segments = message == null ? List.of() : Er7.segments(message);
        if (segments.isEmpty() || !segments.get(0).startsWith("MSH")) {
            return null;
        }
        String id = Er7.msh(segments.get(0), 10, Er7.delimiters(segments.get(0)));
        return id.isBlank() ? null : (id.length() > 128 ? id.substring(0, 128) : id);
    }

    static String build(String message, AckCode code, Hl7RejectException error) {
        List<String> segments = message == null ? List.of() : Er7.segments(message);
        String msh = segments.isEmpty() || !segments.get(0).startsWith("MSH") ? null : segments.get(0);
        Er7.Delimiters d = Er7.delimiters(msh);
        String f = String.valueOf(d.field());
        String encoding = msh == null ? "^~\\&" : Er7.msh(msh, 2, d);
        String version = msh == null || Er7.msh(msh, 12, d).isBlank() ? "2.5.1" : Er7.component(Er7.msh(msh, 12, d), 1, d);
        String event = msh == null ? "" : Er7.component(Er7.msh(msh, 9, d), 2, d);
        String controlId = msh == null ? "" : Er7.msh(msh, 10, d);
        String processing = msh == null || Er7.msh(msh, 11, d).isBlank() ? "P" : Er7.msh(msh, 11, d);
        StringBuilder ack = new StringBuilder(256);
        ack.append("MSH").append(f).append(encoding).append(f)
                .append(msh == null ? "MEDSIGN" : Er7.msh(msh, 5, d)).append(f)
                .append(msh == null ? "" : Er7.msh(msh, 6, d)).append(f)
                .append(msh == null ? "" : Er7.msh(msh, 3, d)).append(f)
                .append(msh == null ? "" : Er7.msh(msh, 4, d)).append(f)
                .append(ZonedDateTime.now().format(TIME)).append(f).append(f)
                .append("ACK").append(event.isBlank() ? "" : d.component() + event).append(d.component()).append("ACK")
                .append(f).append("ACK").append(System.currentTimeMillis()).append(COUNTER.incrementAndGet() % 1000)
                .append(f).append(processing).append(f).append(version).append('\r');
        ack.append("MSA").append(f).append(code.name()).append(f).append(controlId);
        if (error != null) {
            ack.append(f).append(Er7.escape(truncate(error.getMessage()), d));
        }
        ack.append('\r');
        if (error != null) {
            String location = error.location() == null ? "" : error.location().replace('^', d.component());
            String err1 = location.isEmpty() ? error.errorCode().code()
                    : location + d.component() + error.errorCode().code();
            ack.append("ERR").append(f).append(err1).append(f).append(location).append(f)
                    .append(error.errorCode().code()).append(d.component()).append(error.errorCode().text())
                    .append(d.component()).append("HL70357").append(f)
                    .append(error.severity().name()).append(f)
                    .append(Hl7Outcomes.coded(error.code(), d.component())).append(f).append(f).append(f)
                    .append(Er7.escape(truncate(error.getMessage()), d)).append('\r');
        }
        return ack.toString();
    }

    private static String truncate(String text) {
        String value = text == null ? "" : text;
        return value.length() <= 200 ? value : value.substring(0, 200);
    }
}
