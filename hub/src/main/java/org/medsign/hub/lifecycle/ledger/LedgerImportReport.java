package org.medsign.hub.lifecycle.ledger;

import java.util.List;

/**
 * What a ledger import did. A re-import of the same files gives zero created and updated everywhere.
 *
 * @param staff          staff.csv rows
 * @param accounts       accounts.csv rows
 * @param certificates   certificate files
 * @param usage          usage.csv rows
 * @param systemsCreated systems named in accounts.csv that were not registered yet (registered without an API key)
 * @param weakMatches    certificates imported in this run whose holder was found by CN and OU only (flagged)
 * @param unmatched      certificates imported in this run without a holder in the roster
 * @param bindingsChanged other certificates whose bound systems changed with the accounts
 * @param rejections     the rows not taken, in file and line order
 */
public record LedgerImportReport(Counts staff, Counts accounts, Counts certificates, Counts usage, int systemsCreated,
                                 int weakMatches, int unmatched, int bindingsChanged, List<ImportRejection> rejections) {

    /** Per-file counts: every row is exactly one of created, updated, unchanged or rejected. */
    public record Counts(int created, int updated, int unchanged, int rejected) {

        /** Total rows handled. */
        public int total() {
            return created + updated + unchanged + rejected;
        }
    }

    /** Whether the import changed anything in the ledger. */
    public boolean changedAnything() {
        return staff.created + staff.updated + accounts.created + accounts.updated + certificates.created
                + certificates.updated + usage.created + usage.updated + systemsCreated + bindingsChanged > 0;
    }
}
