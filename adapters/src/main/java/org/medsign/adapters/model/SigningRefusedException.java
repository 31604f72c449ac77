package org.medsign.adapters.model;

import java.util.Objects;

/** The hub refused a request at intake (unknown signer, certificate not usable, request id reused…). */
public class SigningRefusedException extends RuntimeException {

    private final ErrorCode code;

    public SigningRefusedException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The hub's code (e.g. SIGNER_UNKNOWN). */
    public ErrorCode code() {
        return code;
    }
}
