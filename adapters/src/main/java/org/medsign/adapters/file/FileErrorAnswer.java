package org.medsign.adapters.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.apache.camel.Exchange;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.route.ErrorAnswer;
import org.medsign.adapters.route.InboundSteps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error answer of a {@code file-inbound} route ({@code <system>.inbound.errors}): a file refused by the filter
 * ({@link FileRefusal}) or by the hub ({@link SigningRefusedException}) is copied to {@value FileIntake#ERROR} with
 * {@code <name>.error.json} beside it and recorded for operators. Any other failure is not answered: the file stays
 * where it is for the next poll, so nothing is lost.
 */
public final class FileErrorAnswer implements ErrorAnswer {

    private static final Logger log = LoggerFactory.getLogger(FileErrorAnswer.class);

    private final String system;

    public FileErrorAnswer(String system) {
        this.system = system;
    }

    @Override
    public boolean answers(Throwable failure) {
        return failure instanceof FileRefusal || failure instanceof SigningRefusedException;
    }

    @Override
    public void answer(Exchange exchange, Throwable failure) {
        Path file = FileIntake.file(exchange);
        try {
            if (failure instanceof SigningRefusedException refused) {
                ReplyContext reply = exchange.getProperty(InboundSteps.REPLY, ReplyContext.class);
                if (reply != null) {
                    Files.deleteIfExists(Path.of(reply.original()));
                }
                SigningRequest request = exchange.getMessage().getBody(SigningRequest.class);
                refuse(exchange, file, refused.code(), refused.getMessage(), request == null ? null
                        : request.content());
            } else {
                FileRefusal refusal = (FileRefusal) failure;
                refuse(exchange, file, refusal.code(), refusal.getMessage(), null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void refuse(Exchange exchange, Path file, ErrorCode code, String reason, byte[] content)
            throws IOException {
        Path errors = Files.createDirectories(file.getParent().resolve(FileIntake.ERROR));
        String name = file.getFileName().toString();
        Files.copy(file, errors.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        FileIntake.writeError(errors, name, code, reason);
        log.info("File {} of {} refused: {}", name, system, code);
        SigningGateway.from(exchange.getContext()).rejected(new Rejection(system, "file", name, code, reason, content));
    }
}
