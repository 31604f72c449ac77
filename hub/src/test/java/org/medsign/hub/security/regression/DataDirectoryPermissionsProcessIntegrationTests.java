package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Finding 9 (e): the data directory's files (H2 database, Artemis journal, secrets, native library, the anesthesia
 * route's H2 file) were readable by every local user. Walking {@code MEDSIGN_HOME} of the running packaged hub: every
 * directory is 0700 and no file has a group or other bit — including files planted there after start (as new journal
 * files, route databases or logs appear), which the hub's periodic sweep tightens.
 */
class DataDirectoryPermissionsProcessIntegrationTests {

    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final ProbedHub hub = ProbedHub.get();

    @Test
    void noFileOrDirectoryOfTheRunningHubIsOpenToGroupOrOthers() throws IOException {
        Path home = hub.process().home();
        assertThat(home.resolve("db/medsign.mv.db")).exists();
        assertThat(home.resolve("artemis/journal")).isDirectory();
        assertThat(home.resolve("secrets/demo-api-key")).exists();
        assertThat(directoriesOpenToOthers(home)).as("directories are owner-only from the start").isEmpty();
        // the database and broker create their files with the JVM's umask (0644 here): the hub tightens them, and the
        // route databases that appear once routes poll are tightened by the next sweep
        Awaitility.await("every file under " + home + " owner-only").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(openToOthers(home)).isEmpty());
    }

    @Test
    void filesAndDirectoriesAppearingLaterAreMadeOwnerOnly() throws IOException {
        Path home = hub.process().home();
        Path dir = Files.createDirectories(home.resolve("planted-by-test"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(dir.resolve("late.log"), "a log line");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Awaitility.await("the sweep tightens what was planted").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
                    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
                });
    }

    private static List<String> openToOthers(Path home) throws IOException {
        try (Stream<Path> paths = Files.walk(home)) {
            return paths.filter(path -> open(path)).map(path -> home.relativize(path).toString()).sorted().toList();
        }
    }

    private static List<String> directoriesOpenToOthers(Path home) throws IOException {
        try (Stream<Path> paths = Files.walk(home)) {
            return paths.filter(Files::isDirectory).filter(path -> open(path))
                    .map(path -> home.relativize(path).toString())
                    .filter(path -> !path.startsWith("planted-by-test")).sorted().toList();
        }
    }

    private static boolean open(Path path) {
        try {
            return Files.getPosixFilePermissions(path).stream().anyMatch(GROUP_AND_OTHERS::contains);
        } catch (IOException e) {
            return false; // gone meanwhile (journal files come and go)
        }
    }
}
