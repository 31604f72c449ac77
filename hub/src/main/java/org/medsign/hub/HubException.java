package org.medsign.hub;

/**
 * Base of the hub's business exceptions. Each carries a stable code that the edges (HTTP problem details, HL7 ERR,
 * FHIR OperationOutcome) translate; messages never contain secrets or personal data.
 */
public class HubException extends RuntimeException {

    private final String code;

    public HubException(String code, String message) {
        super(message);
        this.code = code;
    }

    public HubException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Stable error code, e.g. {@code SIGNER_CERTIFICATE_FROZEN}. */
    public String code() {
        return code;
    }
}
