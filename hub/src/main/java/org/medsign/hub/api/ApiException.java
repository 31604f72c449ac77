package org.medsign.hub.api;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;
import org.medsign.hub.HubException;

/**
 * An error raised at the HTTP edge (bad input, not found). Its status is its code's, as for every
 * {@link HubException} ({@code HttpOutcomes}); the one exception is {@link #notFound} for a code that names a
 * resource in the URL path which does not exist (404 there, e.g. {@code SIGNER_UNKNOWN} on the PIN endpoints).
 */
public class ApiException extends HubException {

    private final OutcomeCategory category;

    public ApiException(ErrorCode code, String message) {
        this(code, code.category(), message);
    }

    private ApiException(ErrorCode code, OutcomeCategory category, String message) {
        super(code, message);
        this.category = category;
    }

    @Override
    public OutcomeCategory category() {
        return category;
    }

    static ApiException badRequest(ErrorCode code, String message) {
        return new ApiException(code, message);
    }

    /** The resource the URL path names does not exist: 404, whatever the code's own category. */
    static ApiException notFound(ErrorCode code, String message) {
        return new ApiException(code, OutcomeCategory.NOT_FOUND, message);
    }
}
