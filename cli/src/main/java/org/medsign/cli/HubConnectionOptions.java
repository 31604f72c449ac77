package org.medsign.cli;

import java.net.URI;

import picocli.CommandLine.Option;

/**
 * The options every online command shares ({@code --hub}, {@code --user}, {@code --password-env}), as a picocli
 * mixin; the password itself only ever comes from the environment.
 */
final class HubConnectionOptions {

    @Option(names = "--hub", required = true, paramLabel = "URL", description = "Hub base URL, e.g. http://localhost:8080")
    URI hub;

    @Option(names = "--user", required = true, paramLabel = "USER",
            description = "Hub administrator: secadmin (auditadmin too where the command says so).")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "MEDSIGN_PASSWORD",
            description = "Environment variable holding the password (default: ${DEFAULT-VALUE}).")
    String passwordVariable;

    /** A client for these options; {@code whoMayCall} names the role in refusal messages. */
    HubClient client(String whoMayCall) {
        return HubClient.of(hub, user, passwordVariable, whoMayCall);
    }
}
