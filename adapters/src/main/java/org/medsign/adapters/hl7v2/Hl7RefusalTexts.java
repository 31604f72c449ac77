package org.medsign.adapters.hl7v2;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * ERR-8 / MSA-3 texts for the hub's refusals: the hub's stable code and a fixed sentence. The hub's own message is
 * never passed on, since it names the signer code or request id the sender wrote.
 */
final class Hl7RefusalTexts {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Map<String, String> SENTENCES = Map.ofEntries(
            Map.entry("SIGNER_UNKNOWN", "the signer is not an account of this system"),
            Map.entry("SIGNER_NO_CERTIFICATE", "the signer has no signing certificate"),
            Map.entry("SIGNER_CERTIFICATE_FROZEN", "the signer's certificate is frozen"),
            Map.entry("SIGNER_CERTIFICATE_REVOKED", "the signer's certificate is revoked"),
            Map.entry("SIGNER_CERTIFICATE_EXPIRED", "the signer's certificate has expired"),
            Map.entry("SIGNER_CERTIFICATE_NOT_YET_VALID", "the signer's certificate is not valid yet"),
            Map.entry("SIGNER_KEY_NOT_HELD", "the signer's key is not held by the hub"),
            Map.entry("CONTENT_TOO_LARGE", "the document is larger than the hub accepts"),
            Map.entry("REQUEST_ID_REUSED", "MSH-10 was used before for other content"));

    private Hl7RefusalTexts() {
    }

    /** {@code CODE: sentence} for a hub code; codes that are not plain identifiers are not repeated. */
    static String of(String code) {
        if (code == null || !CODE.matcher(code).matches()) {
            return "the hub refused the message";
        }
        return code + ": " + SENTENCES.getOrDefault(code, "the hub refused the message");
    }
}
