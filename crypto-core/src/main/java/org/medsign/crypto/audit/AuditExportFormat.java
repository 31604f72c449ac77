package org.medsign.crypto.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.medsign.crypto.MalformedInputException;

/**
 * The audit export file: JSON lines (UTF-8), one flat object per line. The first line is the header
 * {@code {"format":"medsign-audit","version":1}}; then every anchor ({@code "type":"anchor"}); then every event
 * ({@code "type":"event"}) ordered by node and sequence. Field names are the {@code audit_event} /
 * {@code audit_anchor} column names; times are ISO-8601 instants exactly as hashed; the anchor token is base64 DER.
 * Anchors come first so that a verifier can stream the events.
 */
public final class AuditExportFormat {

    /** Value of the header's "format" field. */
    public static final String FORMAT = "medsign-audit";
    /** Value of the header's "version" field. */
    public static final int VERSION = 1;

    private AuditExportFormat() {
    }

    /** Writes an export file line by line; the caller owns (and closes) the writer. */
    public static final class ExportWriter {
        private final Writer out;
        private boolean eventsStarted;

        /** Writes the header at once. */
        public ExportWriter(Writer out) {
            this.out = out;
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("format", FORMAT);
            header.put("version", VERSION);
            line(header);
        }

        /** Writes an anchor; all anchors must come before the first event. */
        public void anchor(AuditAnchor anchor) {
            if (eventsStarted) {
                throw new IllegalStateException("anchors must be written before events");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("type", "anchor");
            fields.put("id", anchor.id());
            fields.put("node", anchor.node());
            fields.put("created_at", anchor.createdAt().toString());
            fields.put("heads", anchor.heads());
            fields.put("token", Base64.getEncoder().encodeToString(anchor.token()));
            line(fields);
        }

        /** Writes an event. */
        public void event(AuditRecord event) {
            eventsStarted = true;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("type", "event");
            fields.put("node", event.node());
            fields.put("seq", event.seq());
            fields.put("event_time", event.time().toString());
            fields.put("actor", event.actor());
            fields.put("role", event.role());
            fields.put("action", event.action());
            fields.put("target", event.target());
            fields.put("outcome", event.outcome());
            fields.put("detail", event.detail());
            fields.put("prev_hash", event.prevHash());
            fields.put("hash", event.hash());
            line(fields);
        }

        private void line(Map<String, Object> fields) {
            try {
                out.write(FlatJson.write(fields));
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads an export file: {@link #anchors()} first, then {@link #events()} once, streaming. */
    public static final class ExportReader {
        private final BufferedReader in;
        private final List<AuditAnchor> anchors = new ArrayList<>();
        private Map<String, Object> firstEvent;
        private long lineNumber;

        /** Reads and checks the header and all anchors. */
        public ExportReader(BufferedReader in) {
            this.in = in;
            Map<String, Object> header = next();
            if (header == null || !FORMAT.equals(header.get("format")) || !Long.valueOf(VERSION).equals(header.get("version"))) {
                throw new MalformedInputException("not a medsign audit export (version " + VERSION + "): bad header line");
            }
            Map<String, Object> fields;
            while ((fields = next()) != null) {
                Object type = fields.get("type");
                if ("anchor".equals(type)) {
                    anchors.add(anchor(fields));
                } else if ("event".equals(type)) {
                    firstEvent = fields;
                    break;
                } else {
                    throw malformed("unknown type " + type);
                }
            }
        }

        /** The anchors (all of them precede the events). */
        public List<AuditAnchor> anchors() {
            return List.copyOf(anchors);
        }

        /** The events, read lazily. */
        public Iterator<AuditRecord> events() {
            return new Iterator<>() {
                private Map<String, Object> upcoming = firstEvent;

                @Override
                public boolean hasNext() {
                    return upcoming != null;
                }

                @Override
                public AuditRecord next() {
                    if (upcoming == null) {
                        throw new NoSuchElementException();
                    }
                    AuditRecord record = event(upcoming);
                    upcoming = ExportReader.this.next();
                    if (upcoming != null && !"event".equals(upcoming.get("type"))) {
                        throw malformed("only events may follow the first event");
                    }
                    return record;
                }
            };
        }

        private Map<String, Object> next() {
            try {
                String line;
                do {
                    line = in.readLine();
                    lineNumber++;
                } while (line != null && line.isBlank());
                return line == null ? null : FlatJson.read(line, lineNumber);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private AuditAnchor anchor(Map<String, Object> f) {
            try {
                return new AuditAnchor(number(f, "id"), text(f, "node"), Instant.parse(text(f, "created_at")),
                        text(f, "heads"), Base64.getDecoder().decode(text(f, "token")));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw malformed("bad anchor: " + e.getMessage());
            }
        }

        private AuditRecord event(Map<String, Object> f) {
            try {
                return new AuditRecord(text(f, "node"), number(f, "seq"), Instant.parse(text(f, "event_time")),
                        text(f, "actor"), text(f, "role"), text(f, "action"), optional(f, "target"),
                        text(f, "outcome"), optional(f, "detail"), text(f, "prev_hash"), text(f, "hash"));
            } catch (DateTimeParseException e) {
                throw malformed("bad event_time");
            }
        }

        private String text(Map<String, Object> f, String name) {
            if (!(f.get(name) instanceof String value)) {
                throw malformed("field " + name + " missing or not a string");
            }
            return value;
        }

        private String optional(Map<String, Object> f, String name) {
            Object value = f.get(name);
            if (value != null && !(value instanceof String)) {
                throw malformed("field " + name + " is not a string");
            }
            return (String) value;
        }

        private long number(Map<String, Object> f, String name) {
            if (!(f.get(name) instanceof Long value)) {
                throw malformed("field " + name + " missing or not an integer");
            }
            return value;
        }

        private MalformedInputException malformed(String why) {
            return new MalformedInputException("audit export line " + lineNumber + ": " + why);
        }
    }
}
