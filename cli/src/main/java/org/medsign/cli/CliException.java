package org.medsign.cli;

/** A CLI-level error whose message is meant for the user as is. */
class CliException extends RuntimeException {

    CliException(String message) {
        super(message);
    }
}
