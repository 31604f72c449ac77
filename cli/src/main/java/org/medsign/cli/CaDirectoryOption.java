package org.medsign.cli;

import java.nio.file.Path;
import java.time.Clock;

import org.medsign.crypto.ca.CaDirectory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code --ca DIR} option (with its key password) shared by every command that works on a CA directory. */
final class CaDirectoryOption {

    @Option(names = "--ca", required = true, paramLabel = "DIR", description = "CA directory (from 'ca init').")
    Path dir;

    @Mixin
    PasswordOption password;

    /** The CA directory, its keys opened with the password. */
    CaDirectory open() {
        return CaDirectory.open(dir, password.password(), Clock.systemUTC());
    }
}
