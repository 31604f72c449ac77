package org.medsign.hub.lifecycle.ledger;

import java.util.List;

/**
 * A row (or file) the import did not take, and why. The text comes from {@link LedgerMessages} under
 * {@code import.reject.<code>} with {@code args}; args never carry identity numbers.
 *
 * @param file the file name as given (staff.csv, accounts.csv, usage.csv, or the certificate file's name)
 * @param line 1-based line of the row, or null when the whole file is concerned (certificate files)
 * @param code stable reason code, e.g. {@code STATUS_INVALID}
 * @param args values for the text
 */
public record ImportRejection(String file, Integer line, String code, List<String> args) {

    public ImportRejection {
        args = List.copyOf(args);
    }

    /** The bundle key of the reason text. */
    public String messageKey() {
        return "import.reject." + code;
    }
}
