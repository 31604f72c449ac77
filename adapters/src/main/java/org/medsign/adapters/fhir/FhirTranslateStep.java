package org.medsign.adapters.fhir;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.fhir.FhirSigningTranslator.Document;
import org.medsign.adapters.http.HttpAnswerStep;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.PdfOptions;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRequest;

/**
 * The translate step of a FHIR route ({@code <system>.inbound.translate}): the DocumentReference or document Bundle
 * ({@link FhirSigningTranslator}) becomes the canonical {@link SigningRequest}; the {@link Document} stays in
 * {@link HttpAnswerStep#TRANSLATED} for the Provenance.
 */
public final class FhirTranslateStep implements Processor {

    /** The attachment type signed as a visible PDF signature. */
    public static final String PDF = "application/pdf";

    private final String system;
    private final PdfOptions pdf;

    public FhirTranslateStep(String system) {
        this(system, "", "", "");
    }

    /**
     * A step whose PDF attachments, with {@code pdfSignature} {@code visible} ({@link PdfOptions#visible}), get the
     * seal {@code pdfSeal} at {@code pdfPlacement} ({@link PdfOptions#fromRoute}); else a CMS over their bytes.
     */
    public FhirTranslateStep(String system, String pdfSignature, String pdfSeal, String pdfPlacement) {
        this.system = system;
        this.pdf = PdfOptions.visible(pdfSignature) ? PdfOptions.fromRoute(pdfSeal, pdfPlacement) : null;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        Document document = FhirProtocol.isDocumentReference(exchange.getMessage().getHeader(Exchange.HTTP_URI,
                String.class)) ? FhirSigningTranslator.documentReference(body) : FhirSigningTranslator.bundle(body);
        exchange.setProperty(HttpAnswerStep.TRANSLATED, document);
        boolean isPdf = pdf != null && PDF.equalsIgnoreCase(document.contentType());
        PdfOptions.Problem problem = isPdf ? pdf.problem(document.content()) : null;
        if (problem != null) {
            throw new FhirSigningTranslator.FhirError(problem.code(),
                    "DocumentReference.content[0].attachment: the PDF cannot be signed: " + problem.reason());
        }
        exchange.getMessage().setBody(new SigningRequest(system, document.requestId(),
                isPdf ? Operation.PDF : Operation.CMS, document.signer(), null, document.documentId(),
                document.documentType(), document.content(),
                isPdf ? SigningOptions.pdf(pdf, true) : SigningOptions.DEFAULT));
    }
}
