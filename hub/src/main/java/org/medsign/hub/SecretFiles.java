package org.medsign.hub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.key.KeyFiles;

/** Generated secrets written once to owner-only files (0600) in an owner-only directory (0700), {@code $MEDSIGN_HOME/secrets}. */
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
            DataDirectory.createOwnerOnly(file.getParent());
        } catch (HubException e) {
            throw new HubException(ErrorCode.SECRET_FILE_UNWRITABLE, "cannot create " + file.getParent(), e);
        }
        KeyFiles.writeOwnerOnly(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
