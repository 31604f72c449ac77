package org.medsign.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.medsign.adapters.model.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Owner-only permissions for the data directory ({@code MEDSIGN_HOME}): the H2 database, the Artemis journal, the
 * generated secrets, the extracted native library, route databases such as the anesthesia H2 file, anchor exports
 * and logs kept there. Directories are 0700, files lose every group and other bit (0600).
 *
 * <p>Java cannot set the process umask, and H2 and Artemis create their files with the default mode. So the hub
 * creates the directories it knows owner-only before anything writes into them (a file inside a 0700 directory is
 * out of reach of other users whatever its own mode), tightens what exists at start, and sweeps again once the
 * database and broker have created their files and then periodically ({@code DataDirectoryPermissions}). Where the
 * file system has no POSIX permissions a warning is logged: protect the directory with the operating system's ACLs.
 * Run the hub with {@code UMask=0077} (systemd) or {@code umask 077} (shell) so that files are born owner-only.
 */
public final class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** Directories the hub writes into, created owner-only before anything else (Artemis: Spring Boot's layout). */
    static final List<String> KNOWN = List.of("db", "secrets", "native", "artemis", "artemis/journal",
            "artemis/bindings", "artemis/paging", "artemis/largemessages");

    /**
     * What a sweep found.
     *
     * @param posix     whether the file system has POSIX permissions (if not, nothing was checked)
     * @param tightened paths (relative to the data directory) whose group or other bits were removed
     * @param stillOpen paths that remain open to group or others (the hub could not change them: not its own files)
     */
    public record Report(boolean posix, List<String> tightened, List<String> stillOpen) {
    }

    private DataDirectory() {
    }

    /** Creates the data directory and the directories the hub writes into, owner-only, and tightens what exists. */
    public static Report prepare(Path home) {
        if (!posix(home)) {
            try {
                Files.createDirectories(home);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Report(false, List.of(), List.of());
        }
        for (String known : KNOWN) {
            createOwnerOnly(home.resolve(known));
        }
        return tighten(home);
    }

    /**
     * Creates {@code directory} and its missing parents owner-only (0700 where POSIX); an existing directory is
     * tightened to 0700.
     */
    public static Path createOwnerOnly(Path directory) {
        try {
            if (!posix(directory)) {
                return Files.createDirectories(directory);
            }
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
            return directory;
        } catch (IOException e) {
            throw new HubException(ErrorCode.DATA_DIRECTORY_UNWRITABLE, "cannot create " + directory, e);
        }
    }

    /**
     * Sets every directory under {@code home} (itself included) to 0700 and removes group and other bits from every
     * file, without following symbolic links. A data directory that is the user's home directory or a file-system
     * root is not walked (only its known subdirectories are): the hub does not re-permission files it did not make.
     */
    public static Report tighten(Path home) {
        if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
            return new Report(posix(home), List.of(), List.of());
        }
        if (!posix(home)) {
            return new Report(false, List.of(), List.of());
        }
        List<String> tightened = new ArrayList<>();
        List<String> stillOpen = new ArrayList<>();
        Path absolute = home.toAbsolutePath().normalize();
        boolean walkAll = absolute.getParent() != null
                && !absolute.equals(Path.of(System.getProperty("user.home")).toAbsolutePath().normalize());
        List<Path> roots = new ArrayList<>();
        if (walkAll) {
            roots.add(home);
        } else {
            fix(home, home, true, tightened, stillOpen);
            KNOWN.stream().map(home::resolve).filter(Files::isDirectory).forEach(roots::add);
        }
        for (Path root : roots) {
            walk(home, root, tightened, stillOpen);
        }
        return new Report(true, List.copyOf(tightened), List.copyOf(stillOpen));
    }

    /** Paths under {@code home} open to group or others, without changing anything (for checks and tests). */
    public static List<String> openToOthers(Path home) {
        List<String> open = new ArrayList<>();
        if (!posix(home) || !Files.isDirectory(home)) {
            return open;
        }
        try {
            Files.walkFileTree(home, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    check(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (!attributes.isSymbolicLink()) {
                        try {
                            check(file);
                        } catch (java.nio.file.NoSuchFileException e) {
                            // deleted while walking
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted while walking (journal files come and go)
                }

                private void check(Path path) throws IOException {
                    if (hasGroupOrOtherBits(path)) {
                        open.add(relative(home, path));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open;
    }

    /** Whether {@code path}'s file system has POSIX permissions (looked up on the nearest existing ancestor). */
    public static boolean posix(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null
                && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }

    private static void walk(Path home, Path root, List<String> tightened, List<String> stillOpen) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    fix(home, dir, true, tightened, stillOpen);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        fix(home, file, false, tightened, stillOpen);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted while walking
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fix(Path home, Path path, boolean directory, List<String> tightened, List<String> stillOpen) {
        try {
            Set<PosixFilePermission> current = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> wanted = directory ? OWNER_ONLY_DIRECTORY : ownerBitsOf(current);
            if (!current.equals(wanted) && (directory || hasGroupOrOtherBits(current))) {
                Files.setPosixFilePermissions(path, wanted);
                tightened.add(relative(home, path));
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // deleted meanwhile
        } catch (IOException | SecurityException e) {
            stillOpen.add(relative(home, path));
            log.debug("Cannot tighten {}: {}", path, e.toString());
        }
    }

    private static Set<PosixFilePermission> ownerBitsOf(Set<PosixFilePermission> current) {
        Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
        current.stream().filter(p -> !GROUP_AND_OTHERS.contains(p)).forEach(owner::add);
        return owner;
    }

    private static boolean hasGroupOrOtherBits(Path path) throws IOException {
        return hasGroupOrOtherBits(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static boolean hasGroupOrOtherBits(Set<PosixFilePermission> permissions) {
        return permissions.stream().anyMatch(GROUP_AND_OTHERS::contains);
    }

    private static String relative(Path home, Path path) {
        String relative = home.relativize(path).toString();
        return relative.isEmpty() ? "." : relative;
    }

    /**
     * Prepares the data directory once the configuration is known and before any bean opens the database or the
     * broker (registered in {@code META-INF/spring.factories}).
     */
    public static final class OnStart implements ApplicationListener<ApplicationPreparedEvent> {

        @Override
        public void onApplicationEvent(ApplicationPreparedEvent event) {
            String configured = event.getApplicationContext().getEnvironment().getProperty("medsign.home");
            if (configured == null || configured.isBlank()) {
                return;
            }
            Path home = Path.of(configured);
            Report report = prepare(home);
            if (!report.posix()) {
                log.warn("The data directory {} is on a file system without POSIX permissions: the hub cannot make it "
                        + "owner-only. Restrict it with the operating system's access control lists.",
                        home.toAbsolutePath());
            } else if (!report.tightened().isEmpty() || !report.stillOpen().isEmpty()) {
                log.warn("Data directory {}: {} paths were readable or writable by group or others and are now "
                                + "owner-only (e.g. {}); {} could not be changed{}", home.toAbsolutePath(),
                        report.tightened().size(), report.tightened().stream().limit(5).toList(),
                        report.stillOpen().size(), report.stillOpen().isEmpty() ? ""
                                : " (e.g. " + report.stillOpen().stream().limit(5).toList() + ": not owned by this user?)");
            }
        }
    }
}
