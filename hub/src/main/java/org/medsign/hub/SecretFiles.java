package org.medsign.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Generated secrets written once to owner-only files under {@code $MEDSIGN_HOME/secrets}. */
public final class SecretFiles {

    private SecretFiles() {
    }

    /** A random URL-safe secret of {@code bytes} random bytes. */
    public static String generate(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Writes {@code value} to a new file readable by the owner only (mode 600 where POSIX). */
    public static void writeOwnerOnly(Path file, String value) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new HubException("SECRET_FILE_UNWRITABLE", "cannot write " + file, e);
        }
    }
}
