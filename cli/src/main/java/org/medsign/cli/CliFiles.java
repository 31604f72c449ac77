package org.medsign.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.cert.Pem;

/** File reading with user-facing errors. */
final class CliFiles {

    private CliFiles() {
    }

    static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputFileException("file not found: " + file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputFileException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new CliException("cannot write " + file + ": " + e.getMessage());
        }
    }

    static List<X509CertificateHolder> certificates(Path file) {
        return Pem.parseCertificates(read(file));
    }

    static char[] password(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            throw new MissingPasswordException(variable);
        }
        return value.toCharArray();
    }
}
