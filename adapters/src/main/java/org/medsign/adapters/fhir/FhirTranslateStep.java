package org.medsign.adapters.fhir;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.fhir.FhirSigningTranslator.Document;
import org.medsign.adapters.http.HttpAnswerStep;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRequest;

/**
 * The translate step of a FHIR route ({@code <system>.inbound.translate}): the DocumentReference or document Bundle
 * ({@link FhirSigningTranslator}) becomes the canonical {@link SigningRequest}; the {@link Document} stays in
 * {@link HttpAnswerStep#TRANSLATED} for the Provenance.
 */
public final class FhirTranslateStep implements Processor {

    private final String system;

    public FhirTranslateStep(String system) {
        this.system = system;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        Document document = FhirProtocol.isDocumentReference(exchange.getMessage().getHeader(Exchange.HTTP_URI,
                String.class)) ? FhirSigningTranslator.documentReference(body) : FhirSigningTranslator.bundle(body);
        exchange.setProperty(HttpAnswerStep.TRANSLATED, document);
        exchange.getMessage().setBody(new SigningRequest(system, document.requestId(), Operation.CMS,
                document.signer(), null, document.documentId(), document.documentType(), document.content(),
                SigningOptions.DEFAULT));
    }
}
