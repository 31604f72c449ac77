package org.medsign.hub.integration;

import java.util.Map;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps received bytes out of camel-mllp's log lines. camel-mllp 4.17 writes what it received into WARN and INFO
 * lines about bad framing ("ignoring 37 bytes received before START_OF_BLOCK: MSH|…", "Timeout receiving complete
 * initial message …: …") whatever {@code logPhi} says (fixed upstream in 4.23, CAMEL-24454). This Logback turbo
 * filter drops such an event and logs the same line, same logger and level, with the payload arguments replaced by
 * {@value #SUPPRESSED}: the known payload-carrying formats by position, and in any other camel-mllp line every
 * argument that looks like HL7 (a field, component or repetition separator, a line break or MLLP frame byte, or
 * camel-mllp's {@code <CR>}/{@code <VT>} names for them). Installed
 * into the Logback context when the hub starts.
 */
@Component
public class MllpPayloadLogFilter extends TurboFilter {

    /** What stands in a line where camel-mllp put received bytes. */
    public static final String SUPPRESSED = "[payload suppressed]";

    // camel-mllp's classes, and the guarded consumer, whose inherited lines go to a logger named after it
    private static final String CAMEL_MLLP = "org.apache.camel.component.mllp";
    private static final String GUARDED_MLLP = "org.medsign.adapters.hl7v2.mllp";
    private static final Marker REWRITTEN = MarkerFactory.getMarker("MEDSIGN_PAYLOAD_SUPPRESSED");
    // HL7 separators, line breaks, MLLP frame bytes or camel-mllp's names for them; addresses and sockets have none
    private static final Pattern LOOKS_LIKE_HL7 = Pattern.compile("[|^~\\r\\n\\u000b\\u001c]|<(CR|LF|VT|FS)>");

    /** camel-mllp 4.17 formats (from its classes) and which of their arguments hold received bytes. */
    private static final Map<String, int[]> PAYLOAD_ARGUMENTS = Map.ofEntries(
            Map.entry("readSocketInputStream(socketInputStream, {}) - ignoring {} bytes received before "
                    + "START_OF_BLOCK: {}", new int[] {2}),
            Map.entry("readFrom({}, {}, {}) - exiting with partial payload {}", new int[] {3}),
            Map.entry("Ignoring out-of-band data on initial read [{} bytes]: {}", new int[] {1}),
            Map.entry("Exception encountered receiving complete initial message [{} bytes]: {}", new int[] {1}),
            Map.entry("Timeout receiving complete initial message on read [{} bytes]: {}", new int[] {1}),
            Map.entry("Ignoring leading out-of-band data: {}", new int[] {0}),
            Map.entry("Ignoring trailing out-of-band data: {}", new int[] {0}),
            Map.entry("Ignoring {} byte un-enveloped payload {}", new int[] {1}),
            Map.entry("Partial {} byte payload received {}", new int[] {1}),
            Map.entry("Received {} byte message {}", new int[] {1}),
            Map.entry("sendAcknowledgement(originalHl7MessageBytes[{}], Exchange[{}], {}) - Sending "
                    + "Acknowledgement: {}", new int[] {3}));

    public MllpPayloadLogFilter() {
        setName("medsign-mllp-payload");
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            boolean installed = context.getTurboFilterList().stream().anyMatch(f -> getName().equals(f.getName()));
            if (!installed) {
                context.addTurboFilter(this);
                start();
            }
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        // called for every log statement of the hub: the cheap tests first
        if (params == null || params.length == 0 || format == null || marker == REWRITTEN
                || !(logger.getName().startsWith(CAMEL_MLLP) || logger.getName().startsWith(GUARDED_MLLP))
                || !logger.isEnabledFor(level)) {
            return FilterReply.NEUTRAL;
        }
        Object[] redacted = redact(format, params);
        if (redacted == null) {
            return FilterReply.NEUTRAL;
        }
        logger.log(REWRITTEN, Logger.FQCN, Level.toLocationAwareLoggerInteger(level), format, redacted, t);
        return FilterReply.DENY;
    }

    /** The arguments with payloads replaced, or null when there is nothing to replace. */
    static Object[] redact(String format, Object[] params) {
        Object[] out = params.clone();
        boolean changed = false;
        int[] known = PAYLOAD_ARGUMENTS.get(format);
        if (known != null) {
            for (int index : known) {
                if (index < out.length && out[index] != null) {
                    out[index] = SUPPRESSED;
                    changed = true;
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            if ((out[i] instanceof CharSequence || out[i] instanceof byte[]) && out[i] != SUPPRESSED
                    && (out[i] instanceof byte[] || LOOKS_LIKE_HL7.matcher((CharSequence) out[i]).find())) {
                out[i] = SUPPRESSED;
                changed = true;
            }
        }
        return changed ? out : null;
    }
}
