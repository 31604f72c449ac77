package org.medsign.cli;

/** The password environment variable is not set. */
final class MissingPasswordException extends CliException {

    MissingPasswordException(String variable) {
        super("environment variable " + variable + " is not set (it must hold the key password; see --password-env)");
    }

    MissingPasswordException(String variable, String purpose) {
        super("environment variable " + variable + " is not set (it must hold " + purpose + ")");
    }
}
