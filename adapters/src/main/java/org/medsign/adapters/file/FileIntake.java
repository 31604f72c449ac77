package org.medsign.adapters.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestOutcome;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.model.SigningResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one file from a system's drop folder: reads signer and document id from its name, keeps a copy in
 * {@code .accepted/} and hands it to the hub (durably) with that copy as the reply context; the file consumer deletes
 * the original only after that. A file the hub refuses (name not understood, unknown signer, too large…) is copied to
 * {@code .error/} with {@code <name>.error.json} beside it. When the hub cannot take the file now, the exception
 * leaves the original where it is for the next poll: nothing is lost. The same file dropped again after it was signed
 * gets its result written again, without a second signature.
 */
public final class FileIntake implements Processor {

    /** Where accepted files wait for their signature, inside the drop folder. */
    public static final String ACCEPTED = ".accepted";
    /** Where refused and failed files go, inside the drop folder. */
    public static final String ERROR = ".error";

    private static final Logger log = LoggerFactory.getLogger(FileIntake.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final String system;
    private final FileNaming naming;
    private final long maxBytes;
    private final String replyEndpoint;
    private SigningGateway gateway;
    private ProducerTemplate producer;

    public FileIntake(String system, FileNaming naming, long maxBytes, String replyEndpoint) {
        this.system = system;
        this.naming = naming;
        this.maxBytes = maxBytes;
        this.replyEndpoint = replyEndpoint;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Path file = Path.of(exchange.getMessage().getHeader("CamelFileAbsolutePath", String.class));
        String name = file.getFileName().toString();
        Path folder = file.getParent();
        long length = Files.size(file);
        FileNaming.Parsed parsed;
        try {
            parsed = naming.parse(name);
        } catch (IllegalArgumentException e) {
            refuse(exchange.getContext(), file, ErrorCode.INVALID_FILE_NAME, e.getMessage(), null);
            return;
        }
        if (length == 0) {
            refuse(exchange.getContext(), file, ErrorCode.EMPTY_FILE, "the file is empty", null);
            return;
        }
        if (length > maxBytes) {
            refuse(exchange.getContext(), file, ErrorCode.CONTENT_TOO_LARGE, "the file of " + length
                    + " bytes exceeds the limit of " + maxBytes, null);
            return;
        }
        byte[] content = Files.readAllBytes(file);
        Path accepted = Files.createDirectories(folder.resolve(ACCEPTED)).resolve(name);
        Files.copy(file, accepted, StandardCopyOption.REPLACE_EXISTING);
        SigningRequest request = new SigningRequest(system, name, Operation.CMS, parsed.signer(), null,
                parsed.documentId(), null, content, SigningOptions.DEFAULT);
        ReplyContext reply = new ReplyContext(replyEndpoint, parsed.signer(), accepted.toString());
        RequestStatus status;
        try {
            status = gateway(exchange.getContext()).accept(request, reply);
        } catch (SigningRefusedException e) {
            Files.deleteIfExists(accepted);
            refuse(exchange.getContext(), file, e.code(), e.getMessage(), content);
            return;
        }
        if (status.isFinal()) {
            // dropped again after the hub finished it: deliver the same result again, no second signature
            RequestOutcome outcome = gateway(exchange.getContext()).acceptAndWait(request);
            producer(exchange.getContext()).sendBody(replyEndpoint, SigningResult.of(outcome, reply));
        } else if (status == RequestStatus.PENDING_AUTHORIZATION) {
            log.info("File {} of {} waits for the signer's authorization", name, system);
        }
    }

    private void refuse(CamelContext context, Path file, ErrorCode code, String reason, byte[] content)
            throws IOException {
        Path errors = Files.createDirectories(file.getParent().resolve(ERROR));
        String name = file.getFileName().toString();
        Files.copy(file, errors.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        writeError(errors, name, code, reason);
        log.info("File {} of {} refused: {}", name, system, code);
        gateway(context).rejected(new Rejection(system, "file", name, code, reason, content));
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

    private SigningGateway gateway(CamelContext context) {
        if (gateway == null) {
            gateway = SigningGateway.from(context);
        }
        return gateway;
    }

    private ProducerTemplate producer(CamelContext context) {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }
}
