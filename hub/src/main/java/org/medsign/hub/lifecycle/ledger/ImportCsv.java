package org.medsign.hub.lifecycle.ledger;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

import org.medsign.hub.lifecycle.internal.CsvRows;

/**
 * Reads one CSV file of a ledger import: checks its header (the contract) and each row's column count, hands every
 * other row to a step and counts what the step did. A wrong header refuses the whole file (one rejection, line 1).
 */
final class ImportCsv {

    /** What a step did with one row. */
    enum Outcome {
        CREATED, UPDATED, UNCHANGED, REJECTED
    }

    private ImportCsv() {
    }

    /**
     * The rows after the header, each given to the step {@code start} returns (called once, after the header
     * passed, so a refused file loads nothing).
     */
    static LedgerImportReport.Counts each(ImportRun run, String file, String text, List<String> header,
                                          Supplier<Function<CsvRows.Row, Outcome>> start) {
        List<CsvRows.Row> rows = CsvRows.parse(text == null ? "" : text);
        if (rows.isEmpty() || !rows.get(0).fields().stream().map(f -> f.toLowerCase(Locale.ROOT)).toList()
                .equals(header)) {
            run.reject(file, 1, ImportProblem.of("HEADER", String.join(",", header)));
            return new LedgerImportReport.Counts(0, 0, 0, 1);
        }
        Function<CsvRows.Row, Outcome> step = start.get();
        int[] counts = new int[Outcome.values().length];
        for (CsvRows.Row row : rows.subList(1, rows.size())) {
            Outcome outcome;
            if (row.fields().size() != header.size()) {
                run.reject(file, row.line(), ImportProblem.of("COLUMNS", Integer.toString(header.size()),
                        Integer.toString(row.fields().size())));
                outcome = Outcome.REJECTED;
            } else {
                outcome = step.apply(row);
            }
            counts[outcome.ordinal()]++;
        }
        return new LedgerImportReport.Counts(counts[0], counts[1], counts[2], counts[3]);
    }
}
