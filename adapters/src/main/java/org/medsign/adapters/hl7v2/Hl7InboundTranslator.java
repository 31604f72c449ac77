package org.medsign.adapters.hl7v2;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * Turns the bytes of an inbound HL7 v2 message (versions 2.3–2.5.1) into an {@link Hl7SigningMessage}: charset
 * from MSH-18 or the system's default (strict decoding), the {@link Hl7Limits} checked in one pass, HAPI parsing into
 * the 2.5.1 model within the parse time budget, the system's field mapping through HAPI's Terser, and the content by
 * rule. Everything that cannot be honoured becomes an {@link Hl7RejectException} with the right ACK code, table 0357
 * code, location and a text that quotes no field value. Thread-safe.
 */
public final class Hl7InboundTranslator {

    private static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");

    private final Hl7Mapping mapping;
    private final Hl7Limits limits;
    private final Hl7ParseBudget budget;
    private final PipeParser parser;

    /** A translator with the default {@link Hl7Limits}. */
    public Hl7InboundTranslator(Hl7Mapping mapping) {
        this(mapping, Hl7Limits.DEFAULTS);
    }

    /** A translator that refuses messages over {@code limits} before parsing them. */
    public Hl7InboundTranslator(Hl7Mapping mapping, Hl7Limits limits) {
        this.mapping = mapping;
        this.limits = limits;
        this.budget = new Hl7ParseBudget(limits.parseTimeout());
        HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        context.setValidationContext(ValidationContextFactory.noValidation());
        // vendors put data types into OBX-2 that the 2.5.1 model does not know: read those values as ST
        context.getParserConfiguration().setInvalidObx2Type("ST");
        context.getParserConfiguration().setDefaultObx2Type("ST");
        this.parser = context.getPipeParser();
    }

    /** Translates a message; throws {@link Hl7RejectException} for anything the hub must refuse. */
    public Hl7SigningMessage translate(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new Hl7RejectException(AckCode.AR, Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, null, "empty message");
        }
        limits.checkSize(bytes);
        Charset charset = Msh18Charset.of(bytes, mapping.charset());
        String text = Msh18Charset.decode(bytes, charset);
        limits.check(text);
        List<String> segments = Er7.segments(text);
        if (segments.isEmpty() || !segments.get(0).startsWith("MSH")) {
            throw new Hl7RejectException(AckCode.AR, Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH^1",
                    "the message does not start with an MSH segment");
        }
        Er7.Delimiters d = Er7.delimiters(segments.get(0));
        String version = Er7.component(Er7.msh(segments.get(0), 12, d), 1, d);
        if (!VERSIONS.contains(version)) {
            throw new Hl7RejectException(AckCode.AR, Hl7ErrorCode.UNSUPPORTED_VERSION_ID, "MSH^1^12",
                    "unsupported HL7 version in MSH-12 (2.3 to 2.5.1 are accepted)");
        }
        String type = Er7.component(Er7.msh(segments.get(0), 9, d), 1, d) + "^"
                + Er7.component(Er7.msh(segments.get(0), 9, d), 2, d);
        if (!mapping.messageTypes().contains(type)) {
            boolean knownType = mapping.messageTypes().stream().anyMatch(t -> t.startsWith(type.split("\\^")[0] + "^"));
            throw new Hl7RejectException(AckCode.AR, knownType ? Hl7ErrorCode.UNSUPPORTED_EVENT_CODE
                    : Hl7ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "MSH^1^9", "the message type in MSH-9 is not "
                    + "accepted here (expected " + String.join(", ", mapping.messageTypes()) + ")");
        }
        String controlId = Er7.msh(segments.get(0), 10, d);
        if (controlId.isBlank()) {
            throw new Hl7RejectException(AckCode.AR, Hl7ErrorCode.REQUIRED_FIELD_MISSING, "MSH^1^10",
                    "MSH-10 message control id is required");
        }
        Message message = parse(String.join("\r", segments) + "\r");
        Terser terser = new Terser(message);
        String signer = first(terser, mapping.signer(), true);
        String documentId = first(terser, mapping.documentId(), true);
        String documentType = first(terser, mapping.documentType(), false);
        String scenario = first(terser, mapping.scenario(), false);
        Content content = content(segments, d);
        return new Hl7SigningMessage(controlId, type, version, signer, documentId, documentType, scenario,
                content.bytes(), content.kind(), text);
    }

    private Message parse(String er7) {
        try {
            return budget.run(() -> parser.parse(er7));
        } catch (Hl7RejectException e) {
            throw e;
        } catch (HL7Exception e) {
            // HAPI's message may quote field values (patient data): report only the kind and the location
            String segment = e.getLocation() == null ? null : e.getLocation().getSegmentName();
            String location = !Er7.isSegmentName(segment) ? null
                    : segment + "^" + Math.max(1, e.getLocation().getSegmentRepetition())
                    + (e.getLocation().getField() > 0 ? "^" + e.getLocation().getField() : "");
            throw new Hl7RejectException(AckCode.AR, Hl7ErrorCode.DATA_TYPE_ERROR, location,
                    "the message cannot be parsed as HL7 v2 (" + e.getClass().getSimpleName() + ")");
        } catch (Exception e) {
            throw new Hl7RejectException(AckCode.AR, Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, null,
                    "the message cannot be parsed as HL7 v2 (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String first(Terser terser, List<String> references, boolean required) {
        for (String reference : references) {
            try {
                String value = terser.get(terserPath(reference));
                if (value != null && !value.isBlank()) {
                    return value.trim();
                }
            } catch (HL7Exception | RuntimeException e) {
                // not present in this structure: try the next reference
            }
        }
        if (required) {
            String first = references.isEmpty() ? null : references.get(0);
            throw new Hl7RejectException(AckCode.AE, Hl7ErrorCode.REQUIRED_FIELD_MISSING, location(first),
                    "required field " + String.join(" or ", references) + " is empty");
        }
        return null;
    }

    /** {@code TXA-22.1} → Terser path {@code /.TXA-22-1}. */
    static String terserPath(String reference) {
        return "/." + reference.replace('.', '-');
    }

    private static String location(String reference) {
        if (reference == null) {
            return null;
        }
        String[] parts = reference.split("[-.]");
        return parts.length >= 2 ? parts[0] + "^1^" + parts[1] + (parts.length > 2 ? "^1^" + parts[2] : "") : reference;
    }

    private record Content(byte[] bytes, String kind) {
    }

    private Content content(List<String> segments, Er7.Delimiters d) {
        List<String> texts = new ArrayList<>();
        List<String> resultSegments = new ArrayList<>();
        int obxIndex = 0;
        for (String segment : segments) {
            String name = segment.length() >= 3 ? segment.substring(0, 3) : segment;
            if (name.equals("OBR")) {
                resultSegments.add(segment);
            }
            if (!name.equals("OBX")) {
                continue;
            }
            obxIndex++;
            resultSegments.add(segment);
            String[] fields = Er7.fields(segment, d);
            String valueType = fields.length > 2 ? fields[2].trim().toUpperCase(Locale.ROOT) : "";
            String value = fields.length > 5 ? fields[5] : "";
            if (valueType.equals("ED")) {
                return new Content(decodeEd(value, d, obxIndex), edKind(value, d));
            }
            if (valueType.equals("TX") || valueType.equals("FT") || valueType.equals("ST")) {
                for (String repetition : value.split(java.util.regex.Pattern.quote(String.valueOf(d.repetition())), -1)) {
                    texts.add(Er7.unescape(repetition, d));
                }
            }
        }
        if (mapping.content() == Hl7Mapping.ContentRule.OBR_OBX_SEGMENTS) {
            if (resultSegments.isEmpty()) {
                throw new Hl7RejectException(AckCode.AE, Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR, "OBR^1",
                        "no OBR or OBX segment to sign");
            }
            return new Content(Er7.utf8(String.join("\r", resultSegments)), "SEGMENTS");
        }
        if (texts.isEmpty() || String.join("", texts).isBlank()) {
            throw new Hl7RejectException(AckCode.AE, Hl7ErrorCode.REQUIRED_FIELD_MISSING, "OBX^1^5",
                    "no OBX of type TX, FT, ST or ED carries the document content");
        }
        return new Content(Er7.utf8(String.join("\r", texts)), "TEXT");
    }

    private static byte[] decodeEd(String value, Er7.Delimiters d, int obxIndex) {
        String encoding = Er7.component(value, 4, d).trim();
        String data = Er7.component(value, 5, d).replaceAll("\\s", "");
        if (!encoding.equalsIgnoreCase("Base64")) {
            throw new Hl7RejectException(AckCode.AE, Hl7ErrorCode.DATA_TYPE_ERROR, "OBX^" + obxIndex + "^5^1^4",
                    "the ED encoding in OBX-5.4 is not supported (Base64 expected)");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(Er7.unescape(data, d));
            if (bytes.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new Hl7RejectException(AckCode.AE, Hl7ErrorCode.DATA_TYPE_ERROR, "OBX^" + obxIndex + "^5^1^5",
                    "ED data is not valid base64");
        }
    }

    private static String edKind(String value, Er7.Delimiters d) {
        String subtype = Er7.component(value, 3, d).trim();
        return subtype.isEmpty() ? "DOCUMENT" : subtype.toUpperCase(Locale.ROOT);
    }
}
