package org.medsign.adapters.model;

import java.util.Objects;

/**
 * The canonical request every adapter produces: which system asks, its request id (idempotency key with the
 * system), the signer as the system knows them (account code), the business context and the content.
 *
 * @param systemId     calling system
 * @param requestId    the system's id for this request; (systemId, requestId) is unique
 * @param operation    CMS or raw signature
 * @param signer       the system's account code for the signer
 * @param scenario     business scenario (for authorizations), or null
 * @param documentId   the system's document id, or null
 * @param documentType document type, or null
 * @param content      the bytes to sign
 * @param options      how to sign
 */
public record SigningRequest(String systemId, String requestId, Operation operation, String signer, String scenario,
                             String documentId, String documentType, byte[] content, SigningOptions options) {

    public SigningRequest {
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(options, "options");
    }

    @Override
    public String toString() {
        // never the content: it is patient data
        return "SigningRequest[" + systemId + "/" + requestId + ", " + operation + ", signer=" + signer + "]";
    }
}
