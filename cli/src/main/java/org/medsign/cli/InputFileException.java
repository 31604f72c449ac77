package org.medsign.cli;

/** An input file is missing or unreadable. */
final class InputFileException extends CliException {

    InputFileException(String message) {
        super(message);
    }
}
