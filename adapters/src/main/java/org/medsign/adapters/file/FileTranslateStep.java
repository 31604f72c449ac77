package org.medsign.adapters.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.route.InboundSteps;

/**
 * The translate step of a {@code file-inbound} route ({@code <system>.inbound.translate}): the file becomes the
 * canonical {@link SigningRequest} (its name is the request id), and a copy in {@value FileIntake#ACCEPTED} becomes
 * the reply context the signed result is written for. The file consumer deletes the original only after the route.
 */
public final class FileTranslateStep implements Processor {

    private final String system;
    private final String replyEndpoint;

    public FileTranslateStep(String system, String replyEndpoint) {
        this.system = system;
        this.replyEndpoint = replyEndpoint;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Path file = FileIntake.file(exchange);
        String name = file.getFileName().toString();
        FileNaming.Parsed parsed = exchange.getProperty(FileFilterStep.NAME, FileNaming.Parsed.class);
        byte[] content = Files.readAllBytes(file);
        Path accepted = Files.createDirectories(file.getParent().resolve(FileIntake.ACCEPTED)).resolve(name);
        Files.copy(file, accepted, StandardCopyOption.REPLACE_EXISTING);
        exchange.setProperty(InboundSteps.REPLY, new ReplyContext(replyEndpoint, parsed.signer(), accepted.toString()));
        exchange.getMessage().setBody(new SigningRequest(system, name, Operation.CMS, parsed.signer(), null,
                parsed.documentId(), null, content, SigningOptions.DEFAULT));
    }
}
