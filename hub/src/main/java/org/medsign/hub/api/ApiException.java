package org.medsign.hub.api;

import org.medsign.hub.HubException;
import org.springframework.http.HttpStatus;

/** An error raised at the HTTP edge with its status (bad input, not found). */
public class ApiException extends HubException {

    private final HttpStatus status;

    public ApiException(HttpStatus status, String code, String message) {
        super(code, message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }

    static ApiException notFound(String code, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, code, message);
    }
}
