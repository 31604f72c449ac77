package org.medsign.adapters.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.PdfOptions;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.route.InboundSteps;

/**
 * The translate step of a {@code file-inbound} route ({@code <system>.inbound.translate}): the file becomes the
 * canonical {@link SigningRequest} (its name is the request id), and a copy in {@value FileIntake#ACCEPTED} becomes
 * the reply context the signed result is written for. The file consumer deletes the original only after the route.
 * With the route's {@code pdfSignature} {@code visible}, a PDF (a file that starts with {@code %PDF-}) gets a visible
 * signature with the route's {@code pdfSeal} at its {@code pdfPlacement} ({@link PdfOptions#fromRoute}); a PDF that
 * cannot be signed so is refused here ({@code PDF_INVALID}, {@code PDF_ENCRYPTED}). Other files get a detached CMS.
 */
public final class FileTranslateStep implements Processor {

    private final String system;
    private final String replyEndpoint;
    private final PdfOptions pdf;

    public FileTranslateStep(String system, String replyEndpoint) {
        this(system, replyEndpoint, "", "", "");
    }

    public FileTranslateStep(String system, String replyEndpoint, String pdfSignature, String pdfSeal,
                             String pdfPlacement) {
        this.system = system;
        this.replyEndpoint = replyEndpoint;
        this.pdf = PdfOptions.visible(pdfSignature) ? PdfOptions.fromRoute(pdfSeal, pdfPlacement) : null;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Path file = FileIntake.file(exchange);
        String name = file.getFileName().toString();
        FileNaming.Parsed parsed = exchange.getProperty(FileFilterStep.NAME, FileNaming.Parsed.class);
        byte[] content = Files.readAllBytes(file);
        boolean visiblePdf = pdf != null && PdfOptions.isPdf(content);
        PdfOptions.Problem problem = visiblePdf ? pdf.problem(content) : null;
        if (problem != null) {
            throw new FileRefusal(problem.code(), "the PDF cannot be signed: " + problem.reason());
        }
        Path accepted = Files.createDirectories(file.getParent().resolve(FileIntake.ACCEPTED)).resolve(name);
        Files.copy(file, accepted, StandardCopyOption.REPLACE_EXISTING);
        exchange.setProperty(InboundSteps.REPLY, new ReplyContext(replyEndpoint, parsed.signer(), accepted.toString()));
        exchange.getMessage().setBody(new SigningRequest(system, name, visiblePdf ? Operation.PDF : Operation.CMS,
                parsed.signer(), null, parsed.documentId(), null, content,
                visiblePdf ? SigningOptions.pdf(pdf, true) : SigningOptions.DEFAULT));
    }
}
