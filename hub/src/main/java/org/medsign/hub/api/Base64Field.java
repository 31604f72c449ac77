package org.medsign.hub.api;

import java.util.Base64;

import org.medsign.adapters.model.ErrorCode;

/** Decodes base64 JSON fields with a clear error naming the field. */
final class Base64Field {

    private Base64Field() {
    }

    static byte[] decode(String field, String value) {
        if (value == null) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, field + " is required (base64)");
        }
        try {
            return Base64.getDecoder().decode(value.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, field + " is not valid base64");
        }
    }
}
