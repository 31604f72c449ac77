package org.medsign.adapters.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.model.ErrorCode;

/**
 * The filter step of a {@code file-inbound} route ({@code <system>.inbound.filter}): the file's name must follow the
 * route's {@link FileNaming} (signer and document id), and the file must be neither empty nor over the size limit;
 * otherwise a {@link FileRefusal}. Leaves the parsed name in {@link #NAME}.
 */
public final class FileFilterStep implements Processor {

    /** Exchange property with the {@link FileNaming.Parsed} name. */
    static final String NAME = "MedsignFileName";

    private final FileNaming naming;
    private final long maxBytes;

    public FileFilterStep(FileNaming naming, long maxBytes) {
        this.naming = naming;
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Path file = FileIntake.file(exchange);
        long length = Files.size(file);
        FileNaming.Parsed parsed;
        try {
            parsed = naming.parse(file.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new FileRefusal(ErrorCode.INVALID_FILE_NAME, e.getMessage());
        }
        if (length == 0) {
            throw new FileRefusal(ErrorCode.EMPTY_FILE, "the file is empty");
        }
        if (length > maxBytes) {
            throw new FileRefusal(ErrorCode.CONTENT_TOO_LARGE, "the file of " + length + " bytes exceeds the limit of "
                    + maxBytes);
        }
        exchange.setProperty(NAME, parsed);
    }
}
