package org.medsign.adapters.hl7v2;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Where a system's messages carry what the hub needs. Field references are written as in the HL7 standard,
 * {@code SEG-field.component} (e.g. {@code TXA-22.1}); each list is tried in order, the first non-empty value wins.
 *
 * @param messageTypes  accepted MSH-9 types as {@code TYPE^EVENT} (e.g. {@code MDM^T02})
 * @param signer        signer account code (the system's staff code)
 * @param documentId    the system's document id
 * @param documentType  document type, or empty
 * @param scenario      business scenario, or empty
 * @param content       what is signed
 * @param charset       charset when MSH-18 is empty
 */
public record Hl7Mapping(Set<String> messageTypes, List<String> signer, List<String> documentId,
                         List<String> documentType, List<String> scenario, ContentRule content, Charset charset) {

    /** What the signed content is. */
    public enum ContentRule {
        /** OBX-5 of TX/FT/ST observations, repetitions and segments joined with CR (UTF-8); or an ED document. */
        OBX_TEXT,
        /** The OBR and OBX segments as received (ER7, CR-separated, UTF-8); or an ED document. */
        OBR_OBX_SEGMENTS
    }

    /** The HIS default: MDM^T02; signer TXA-22.1 (fallback TXA-5.1); document id TXA-12.1; OBX text or ED. */
    public static Hl7Mapping hisDefault() {
        return new Hl7Mapping(Set.of("MDM^T02"), List.of("TXA-22.1", "TXA-5.1"), List.of("TXA-12.1"),
                List.of("TXA-2.1"), List.of(), ContentRule.OBX_TEXT, StandardCharsets.UTF_8);
    }

    /** The LIS/PACS default: ORU^R01; signer OBR-32.1 (fallback OBX-16.1); document id OBR-3.1 (fallback OBR-2.1). */
    public static Hl7Mapping resultDefault() {
        return new Hl7Mapping(Set.of("ORU^R01"), List.of("OBR-32.1", "OBX-16.1"), List.of("OBR-3.1", "OBR-2.1"),
                List.of("OBR-4.1"), List.of(), ContentRule.OBR_OBX_SEGMENTS, StandardCharsets.UTF_8);
    }

    /** The same mapping with another default charset. */
    public Hl7Mapping withCharset(Charset other) {
        return new Hl7Mapping(messageTypes, signer, documentId, documentType, scenario, content, other);
    }
}
