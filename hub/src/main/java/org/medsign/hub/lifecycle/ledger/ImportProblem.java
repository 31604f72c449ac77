package org.medsign.hub.lifecycle.ledger;

import java.util.List;

/** Why one row or file of a ledger import is refused: the code of {@link ImportRejection} and its arguments. */
record ImportProblem(String code, List<String> args) {

    static ImportProblem of(String code, String... args) {
        return new ImportProblem(code, List.of(args));
    }
}
