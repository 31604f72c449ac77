package org.medsign.adapters.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.SigningResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a finished file to the system's output folder. Signed: {@code <name>.p7s} (DER CMS SignedData, detached,
 * with its signature timestamp), {@code <name>.receipt.json} (signature id, signer, certificate serial, times, SM3 of
 * the content), then the document itself, each written atomically, so the document's arrival means its signature is
 * there; the copy in {@code .accepted/} is then removed. A visible PDF signature ({@link Operation#PDF}) is the signed
 * PDF itself: {@code <name>.receipt.json}, then {@code <name>} = the signed PDF (no {@code .p7s}). Not signed (the failure notice): {@code <name>.error.json}
 * ({@link FileOutcomes}) in the output folder, and the document moves from {@code .accepted/} to {@code .error/} with
 * the same error file; a later signature (replay, or the file dropped again) takes the document from there and removes
 * both error files. A failure to write (disk full, share gone) propagates, so the hub's reply queue retries and
 * finally dead-letters.
 */
public final class SignedFileWriter implements Processor {

    private static final Logger log = LoggerFactory.getLogger(SignedFileWriter.class);

    private final String system;
    private final Path outputDir;

    public SignedFileWriter(String system, Path outputDir) {
        this.system = system;
        this.outputDir = outputDir;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException, IOException {
        write(exchange.getMessage().getMandatoryBody(SigningResult.class));
    }

    void write(SigningResult result) throws IOException {
        Path accepted = Path.of(result.context().original());
        String name = accepted.getFileName().toString();
        Files.createDirectories(outputDir);
        Path errors = accepted.getParent().resolveSibling(FileIntake.ERROR);
        if (result.isSigned()) {
            SignedArtifact artifact = result.artifact();
            boolean pdf = artifact.operation() == Operation.PDF;
            if (!pdf) {
                FileIntake.writeAtomically(outputDir.resolve(name + ".p7s"), artifact.signature());
            }
            FileIntake.writeAtomically(outputDir.resolve(name + ".receipt.json"), receipt(name, result));
            // a failure notice written before (the request was replayed or sent again) is superseded
            Path source = Files.exists(accepted) ? accepted : errors.resolve(name);
            if (pdf) {
                FileIntake.writeAtomically(outputDir.resolve(name), artifact.signature());
                Files.deleteIfExists(source);
                Files.deleteIfExists(errors.resolve(name + ".error.json"));
                Files.deleteIfExists(outputDir.resolve(name + ".error.json"));
            } else if (Files.exists(source)) {
                Path temporary = outputDir.resolve("." + name + ".tmp");
                Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temporary, outputDir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                Files.delete(source);
                Files.deleteIfExists(errors.resolve(name + ".error.json"));
                Files.deleteIfExists(outputDir.resolve(name + ".error.json"));
            } else if (!Files.exists(outputDir.resolve(name))) {
                log.warn("File {} of {} is signed but its accepted copy is gone; only the signature was written",
                        name, system);
            }
        } else {
            FileIntake.writeError(outputDir, name, result.errorCode(), result.errorDetail());
            Files.createDirectories(errors);
            if (Files.exists(accepted)) {
                Files.move(accepted, errors.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            FileIntake.writeError(errors, name, result.errorCode(), result.errorDetail());
        }
    }

    private static byte[] receipt(String name, SigningResult result) throws IOException {
        SignedArtifact artifact = result.artifact();
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("file", name);
        boolean pdf = artifact.operation() == Operation.PDF;
        receipt.put("signatureFile", pdf ? name : name + ".p7s");
        receipt.put("format", pdf ? "application/pdf" : "application/pkcs7-signature");
        receipt.put("signatureId", artifact.signatureId());
        receipt.put("signer", result.context().signerCode());
        receipt.put("staffId", artifact.staffId());
        receipt.put("certificateSerial", artifact.certificateSerial());
        receipt.put("signedAt", artifact.signedAt().toString());
        receipt.put("timestampTime", artifact.timestampTime() == null ? null : artifact.timestampTime().toString());
        receipt.put("contentSm3", artifact.contentSm3());
        return FileIntake.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(receipt)
                .getBytes(StandardCharsets.UTF_8);
    }
}
