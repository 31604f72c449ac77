package org.medsign.hub.lifecycle.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** One ledger import's working state: who runs it, what was refused, and the counts its report adds. */
final class ImportRun {

    final String operator;
    final List<ImportRejection> rejections = new ArrayList<>();
    /** Serials of this import's certificate files (their bindings are set by the certificate step). */
    final Set<String> importedSerials = new TreeSet<>();
    int systemsCreated;
    int weakMatches;
    int unmatched;
    int bindingsChanged;

    ImportRun(String operator) {
        this.operator = operator;
    }

    void reject(String file, Integer line, ImportProblem problem) {
        rejections.add(new ImportRejection(file, line, problem.code(), problem.args()));
    }
}
