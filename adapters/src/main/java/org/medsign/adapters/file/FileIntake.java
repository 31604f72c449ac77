package org.medsign.adapters.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.medsign.adapters.model.ErrorCode;

/**
 * The layout of a drop folder and how files are written into it: accepted files wait in {@value #ACCEPTED} for their
 * signature (the reply context points at that copy), refused and failed ones go to {@value #ERROR} with
 * {@code <name>.error.json} beside them; every file the hub writes appears at once, through a rename. The steps of the
 * {@code file-inbound} route: {@link FileErrorAnswer}, {@link FileFilterStep}, {@link FileTranslateStep}, the shared
 * hand-off, {@link FileAnswerStep}.
 */
public final class FileIntake {

    /** Where accepted files wait for their signature, inside the drop folder. */
    public static final String ACCEPTED = ".accepted";
    /** Where refused and failed files go, inside the drop folder. */
    public static final String ERROR = ".error";
    /** Camel header with the dropped file's absolute path. */
    static final String FILE_PATH = "CamelFileAbsolutePath";

    static final ObjectMapper JSON = new ObjectMapper();

    private FileIntake() {
    }

    /** The dropped file of an exchange. */
    static Path file(org.apache.camel.Exchange exchange) {
        return Path.of(exchange.getMessage().getHeader(FILE_PATH, String.class));
    }

    /** Writes {@code <name>.error.json} ({@link FileOutcomes#errorFile}) into a folder, atomically. */
    static void writeError(Path folder, String name, ErrorCode code, String reason) throws IOException {
        writeAtomically(folder.resolve(name + ".error.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(FileOutcomes.errorFile(name, code, reason)).getBytes(StandardCharsets.UTF_8));
    }

    /** Writes through a hidden temporary file and a rename, so that a watching system never sees half a file. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temporary, bytes);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
