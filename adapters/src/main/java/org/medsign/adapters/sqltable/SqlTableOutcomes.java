package org.medsign.adapters.sqltable;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;

/**
 * The intermediate table's edge of the outcome catalogue: the row status a request that was not signed ends in, by
 * its code's category; {@code error_code} holds the code, {@code error_text} the reason (docs/integration.md,
 * "sqltable").
 */
public final class SqlTableOutcomes {

    /** Row status: not signed, and the same row will not be signed (fix the cause, then insert a new row). */
    public static final String FAILED = "FAILED";
    /** Row status: not signed for a passing reason; put the row back to NEW later (or an operator replays it). */
    public static final String RETRY = "RETRY";
    /** Row status: accepted, waiting for the signer's confirmation. */
    public static final String PENDING = "PENDING";

    private SqlTableOutcomes() {
    }

    /** The row status of a code. */
    public static String rowStatus(ErrorCode code) {
        return rowStatus(code.category());
    }

    /** The row status of a category. */
    public static String rowStatus(OutcomeCategory category) {
        return switch (category) {
            case FINAL_REFUSAL, CORRECTABLE, CONFLICT, TOO_LARGE, AUTHENTICATION, FORBIDDEN, NOT_FOUND, INTERNAL -> FAILED;
            case TRANSIENT, THROTTLED -> RETRY;
            case PENDING -> PENDING;
        };
    }
}
