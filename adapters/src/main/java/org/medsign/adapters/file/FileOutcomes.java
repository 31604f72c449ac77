package org.medsign.adapters.file;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;

/**
 * The file adapter's edge of the outcome catalogue: the {@code <name>.error.json} written for a file that was refused
 * or not signed: {@code file}, {@code code}, {@code category}, {@code action} (what the system should do, by the
 * category) and {@code message}, {@code time} (docs/integration.md, "file").
 */
public final class FileOutcomes {

    private FileOutcomes() {
    }

    /** What the system should do with the file, by the code's category. */
    public static String action(OutcomeCategory category) {
        return switch (category) {
            case FINAL_REFUSAL, AUTHENTICATION, FORBIDDEN, NOT_FOUND -> "DO_NOT_RESEND";
            case CORRECTABLE, TOO_LARGE, CONFLICT -> "CORRECT_AND_RESEND";
            case TRANSIENT, THROTTLED -> "RESEND_LATER";
            case PENDING -> "WAIT";
            case INTERNAL -> "CONTACT_OPERATORS";
        };
    }

    /** The fields of the error file. */
    public static Map<String, String> errorFile(String name, ErrorCode code, String reason) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("file", name);
        error.put("code", code.name());
        error.put("category", code.category().name());
        error.put("action", action(code.category()));
        error.put("message", reason == null ? code.sentence() : reason);
        error.put("time", Instant.now().toString());
        return error;
    }
}
