package org.medsign.adapters.file;

import org.medsign.adapters.model.ErrorCode;

/** A dropped file the filter step turns away (name not understood, empty, too large): it goes to {@code .error/}. */
final class FileRefusal extends RuntimeException {

    private final ErrorCode code;

    FileRefusal(ErrorCode code, String reason) {
        super(reason);
        this.code = code;
    }

    ErrorCode code() {
        return code;
    }
}
