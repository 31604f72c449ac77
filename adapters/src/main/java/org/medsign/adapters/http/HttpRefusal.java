package org.medsign.adapters.http;

import org.medsign.adapters.model.ErrorCode;

/**
 * A request a synchronous HTTP edge turns away with an error answer: the code (its HTTP status is
 * {@link HttpOutcomes#status}) and a text the caller may read (it quotes nothing the caller sent).
 */
public class HttpRefusal extends RuntimeException {

    private final ErrorCode code;

    public HttpRefusal(ErrorCode code, String text) {
        super(text);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
