package org.medsign.cli;

/**
 * An online command's call to the hub failed: unreachable, or answered with an error; the exit code follows from the
 * problem's category ({@link ProblemCategory}).
 */
final class HubCallException extends CliException {

    private final int exitCode;

    HubCallException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The hub could not be reached or gave no usable answer (exit code 6). */
    HubCallException(String message) {
        this(message, MedsignCommand.EXIT_HUB);
    }

    /** The exit code. */
    int exitCode() {
        return exitCode;
    }
}
