package org.medsign.hub;

import java.util.Objects;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;

/**
 * Base of the hub's business exceptions. Each carries a code of the one catalogue ({@link ErrorCode}) that the edges
 * (HTTP problem details, HL7 ERR, FHIR OperationOutcome, the table, files, the CLI) translate by its category;
 * messages never contain secrets or personal data.
 */
public class HubException extends RuntimeException {

    private final ErrorCode code;

    public HubException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public HubException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The code, e.g. {@link ErrorCode#SIGNER_CERTIFICATE_FROZEN}. */
    public ErrorCode code() {
        return code;
    }

    /** The category the edges answer with: the code's own, unless a subclass answers in another one. */
    public OutcomeCategory category() {
        return code.category();
    }
}
