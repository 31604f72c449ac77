package org.medsign.adapters.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;

/**
 * The HTTP edge of the outcome catalogue: the status every {@link ErrorCode} is answered with, by the REST API's
 * problem details and by the FHIR and HTTP JSON adapters alike, and when to send {@code Retry-After}. The status is
 * the category's (docs/api.md, "Outcomes"); a few codes keep a status of their own that HTTP defines more precisely
 * (405, 406, 415, 423) or that clients already rely on ({@code EVIDENCE_NOT_ANCHORED} 422).
 */
public final class HttpOutcomes {

    /** Seconds in {@code Retry-After} for a transient failure (the broker's redelivery back-off tops out at 30 s). */
    public static final long RETRY_AFTER_SECONDS = 60;

    private static final Map<ErrorCode, Integer> OWN_STATUS = new EnumMap<>(Map.of(
            ErrorCode.METHOD_NOT_ALLOWED, 405,
            ErrorCode.NOT_ACCEPTABLE, 406,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415,
            ErrorCode.PIN_LOCKED, 423,
            ErrorCode.EVIDENCE_NOT_ANCHORED, 422));

    private HttpOutcomes() {
    }

    /** The HTTP status of a code. */
    public static int status(ErrorCode code) {
        return status(code, code.category());
    }

    /**
     * The HTTP status of a code answered in another category than its own: a code that names a resource in the URL
     * path which does not exist is 404 there ({@code SIGNER_UNKNOWN} on the PIN endpoints).
     */
    public static int status(ErrorCode code, OutcomeCategory category) {
        Integer own = category == code.category() ? OWN_STATUS.get(code) : null;
        return own != null ? own : status(category);
    }

    /** The HTTP status of a category. */
    public static int status(OutcomeCategory category) {
        return switch (category) {
            case FINAL_REFUSAL -> 422;
            case CORRECTABLE -> 400;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case AUTHENTICATION -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case THROTTLED -> 429;
            case TRANSIENT -> 503;
            case PENDING -> 202;
            case INTERNAL -> 500;
        };
    }

    /**
     * {@code Retry-After} seconds for a transient failure; empty otherwise (a throttled caller gets the throttle's own
     * wait, a pending request is polled).
     */
    public static OptionalLong retryAfter(ErrorCode code) {
        return code.category() == OutcomeCategory.TRANSIENT ? OptionalLong.of(RETRY_AFTER_SECONDS)
                : OptionalLong.empty();
    }
}
