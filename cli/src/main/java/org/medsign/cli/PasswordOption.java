package org.medsign.cli;

import picocli.CommandLine.Option;

/** The {@code --password-env} option shared by every command that reads or writes an encrypted key. */
final class PasswordOption {

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "MEDSIGN_CA_PASSWORD",
            description = "Environment variable holding the key password (default: ${DEFAULT-VALUE}).")
    String variable;

    char[] password() {
        return CliFiles.password(variable);
    }
}
