package org.medsign.cli;

/** The audit database cannot be reached or read (connection refused, no audit tables, SQL error). */
final class AuditDatabaseException extends CliException {

    AuditDatabaseException(String message) {
        super(message);
    }
}
