package org.medsign.hub.api;

import java.util.Set;

import org.medsign.adapters.model.ErrorCode;

/**
 * The paging parameters of every list endpoint of the API and the console, checked in one place: page numbers from 0
 * to {@link #MAX_PAGE}, page sizes and limits from 1 to the endpoint's cap. Anything else — negative, zero, over the
 * cap, not a number — is refused with 400 {@code BAD_PAGE}, never silently turned into a huge query or a 500.
 */
public final class Paging {

    /** The problem code of a refused paging parameter. */
    public static final ErrorCode CODE = ErrorCode.BAD_PAGE;
    /** Highest page number accepted (beyond it no table the hub pages over has rows). */
    public static final int MAX_PAGE = 1_000_000;
    /** Query parameter names that are paging parameters, whatever the endpoint. */
    static final Set<String> PARAMETERS = Set.of("page", "size", "limit", "offset");

    private Paging() {
    }

    /** A paging parameter outside its range (or not a number). */
    public static final class InvalidPagingException extends ApiException {
        InvalidPagingException(String message) {
            super(CODE, message);
        }
    }

    /** A page number: 0 to {@link #MAX_PAGE}. */
    public static int page(int page) {
        if (page < 0 || page > MAX_PAGE) {
            throw new InvalidPagingException("page must be between 0 and " + MAX_PAGE);
        }
        return page;
    }

    /** A page size: 1 to {@code max}. */
    public static int size(int size, int max) {
        return bounded("size", size, max);
    }

    /** A limit (the newest {@code limit} entries): 1 to {@code max}. */
    public static int limit(int limit, int max) {
        return bounded("limit", limit, max);
    }

    /** Whether {@code name} is a paging parameter (its type errors are {@code BAD_PAGE} too). */
    static boolean isPagingParameter(String name) {
        return name != null && PARAMETERS.contains(name);
    }

    /** The refusal of a paging parameter that is not a number at all. */
    static InvalidPagingException notANumber(String name) {
        return new InvalidPagingException(name + " must be a whole number within its range");
    }

    private static int bounded(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new InvalidPagingException(name + " must be between 1 and " + max);
        }
        return value;
    }
}
