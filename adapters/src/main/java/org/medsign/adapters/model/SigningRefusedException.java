package org.medsign.adapters.model;

/** The hub refused a request at intake (unknown signer, certificate not usable, request id reused…). */
public class SigningRefusedException extends RuntimeException {

    private final String code;

    public SigningRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The hub's stable error code (e.g. SIGNER_UNKNOWN). */
    public String code() {
        return code;
    }
}
