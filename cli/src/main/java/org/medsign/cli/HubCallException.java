package org.medsign.cli;

/** An online command's call to the hub failed: unreachable, refused (401/403), or answered with an error. */
final class HubCallException extends CliException {

    private final boolean refused;

    HubCallException(String message, boolean refused) {
        super(message);
        this.refused = refused;
    }

    /** Whether the hub refused the credentials or the role (exit code 5). */
    boolean refused() {
        return refused;
    }
}
