package org.medsign.adapters.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.medsign.adapters.model.CertificateStatusEvent;

/**
 * A certificate status change as HL7 v2.5 MFN^M02 (staff/practitioner master file update) for a system such as HIS:
 * <pre>
 * MSH|^~\&amp;|MEDSIGN|HOSP|&lt;system&gt;|HOSP|&lt;time&gt;||MFN^M02^MFN_M02|MEDSIGN-ST&lt;event id&gt;|P|2.5|||AL|NE|CHN|&lt;charset&gt;
 * MFI|STF^Staff master file^HL70175||UPD|&lt;time&gt;|&lt;time&gt;|AL
 * MFE|&lt;MAD|MUP|MDC|MAC&gt;|&lt;event id&gt;|&lt;time&gt;|&lt;account&gt;|CWE
 * STF|&lt;account&gt;^&lt;name&gt;|&lt;account&gt;^^^&lt;system&gt;~&lt;staff id&gt;^^^MEDSIGN|&lt;name&gt;||||&lt;A|I&gt;|^&lt;department&gt;
 * CER|1|&lt;serial&gt;|3|||…|&lt;notBefore&gt; (CER-25)|&lt;inactivation&gt; (CER-26)|&lt;notAfter&gt; (CER-27)||&lt;revoked&gt; (CER-29)|&lt;reason&gt; (CER-30)|&lt;status&gt; (CER-31)
 * </pre>
 * MFE-1: {@code MAD} for a new certificate (issued, renewed, reissued), {@code MDC} when it stops being usable
 * (frozen, revoked, superseded), {@code MAC} when it is usable again (unfrozen), {@code MUP} otherwise. STF-7 says
 * whether the holder can sign with it now ({@code A}/{@code I}).
 */
public final class Hl7StatusMessage implements Processor {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ")
            .withZone(ZoneId.of("Asia/Shanghai"));

    private final Charset charset;

    public Hl7StatusMessage(String charset) {
        this.charset = charset == null || charset.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(charset.trim());
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        CertificateStatusEvent event = exchange.getMessage().getMandatoryBody(CertificateStatusEvent.class);
        exchange.getMessage().setBody(build(event, charset).getBytes(charset));
    }

    /** The MFN^M02 for an event, declaring {@code charset} in MSH-18. */
    public static String build(CertificateStatusEvent event, Charset charset) {
        Er7.Delimiters d = Er7.Delimiters.DEFAULT;
        String now = TIME.format(Instant.now());
        String time = TIME.format(event.time());
        String account = event.accounts().isEmpty() ? nullToEmpty(event.staffId()) : event.accounts().get(0);
        String name = nullToEmpty(event.name());
        List<String> identifiers = new ArrayList<>();
        for (String code : event.accounts()) {
            identifiers.add(Er7.escape(code, d) + "^^^" + Er7.escape(event.systemId(), d));
        }
        if (event.staffId() != null) {
            identifiers.add(Er7.escape(event.staffId(), d) + "^^^MEDSIGN");
        }
        String[] cer = new String[32];
        Arrays.fill(cer, "");
        cer[0] = "CER";
        cer[1] = "1";
        cer[2] = event.serial();
        cer[3] = "3";
        cer[10] = "X509^X.509 certificate (SM2)^L";
        cer[13] = Er7.escape(name, d);
        cer[25] = event.notBefore() == null ? "" : TIME.format(event.notBefore());
        cer[26] = event.usable() ? "" : time;
        cer[27] = event.notAfter() == null ? "" : TIME.format(event.notAfter());
        cer[29] = "REVOKED".equals(event.newStatus()) ? time : "";
        cer[30] = event.reason() == null || !"REVOKED".equals(event.newStatus()) ? ""
                : Er7.escape(event.reason(), d) + "^" + Er7.escape(event.reason(), d) + "^RFC5280";
        cer[31] = nullToEmpty(event.newStatus()) + "^" + nullToEmpty(event.action()) + "^L";
        return String.join("\r",
                "MSH|^~\\&|MEDSIGN|HOSP|" + Er7.escape(event.systemId(), d) + "|HOSP|" + now + "||MFN^M02^MFN_M02|"
                        + "MEDSIGN-ST" + event.eventId() + "|P|2.5|||AL|NE|CHN|" + msh18(charset),
                "MFI|STF^Staff master file^HL70175||UPD|" + now + "|" + time + "|AL",
                "MFE|" + recordEvent(event) + "|" + event.eventId() + "|" + time + "|" + Er7.escape(account, d) + "|CWE",
                "STF|" + Er7.escape(account, d) + "^" + Er7.escape(name, d) + "|" + String.join("~", identifiers) + "|"
                        + Er7.escape(name, d) + "||||" + (event.usable() ? "A" : "I") + "|^"
                        + Er7.escape(nullToEmpty(event.department()), d),
                String.join("|", cer)) + "\r";
    }

    static String recordEvent(CertificateStatusEvent event) {
        return switch (event.action()) {
            case "ISSUED", "RENEWED", "REISSUED" -> "MAD";
            case "UNFROZEN" -> "MAC";
            case "FROZEN", "REVOKED", "SUPERSEDED" -> "MDC";
            default -> "MUP";
        };
    }

    private static String msh18(Charset charset) {
        String name = charset.name().toUpperCase(java.util.Locale.ROOT);
        return switch (name) {
            case "UTF-8" -> "UNICODE UTF-8";
            case "GB18030" -> "GB 18030-2000";
            default -> name;
        };
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
