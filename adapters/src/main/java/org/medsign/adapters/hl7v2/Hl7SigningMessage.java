package org.medsign.adapters.hl7v2;

/**
 * What an inbound HL7 message asks the hub to sign, in the canonical vocabulary. {@link #toString()} never shows
 * the content (patient data).
 *
 * @param controlId    MSH-10 (the idempotency key with the system)
 * @param messageType  MSH-9 as TYPE^EVENT
 * @param version      MSH-12
 * @param signer       the system's account code for the signer
 * @param documentId   the system's document id
 * @param documentType document type, or null
 * @param scenario     scenario, or null
 * @param content      the bytes to sign
 * @param contentKind  TEXT, SEGMENTS or a document media type from the ED (e.g. PDF)
 * @param decoded      the whole message, decoded (for building the result message)
 */
public record Hl7SigningMessage(String controlId, String messageType, String version, String signer,
                                String documentId, String documentType, String scenario, byte[] content,
                                String contentKind, String decoded) {

    @Override
    public String toString() {
        return "Hl7SigningMessage[" + messageType + " " + controlId + ", signer=" + signer + ", document="
                + documentId + ", " + content.length + " bytes " + contentKind + "]";
    }
}
