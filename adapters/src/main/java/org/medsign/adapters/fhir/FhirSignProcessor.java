package org.medsign.adapters.fhir;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.medsign.adapters.fhir.FhirSigningTranslator.Document;
import org.medsign.adapters.fhir.FhirSigningTranslator.FhirError;
import org.medsign.adapters.http.HttpCaller;
import org.medsign.adapters.http.HttpOutcomes;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.OutcomeCategory;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.RequestOutcome;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FHIR R4 endpoint of a system: {@code POST <path>/DocumentReference/$sign} and {@code POST <path>/Bundle/$sign}
 * with the system's API key. Waits for the signature (the hub's synchronous timeout) and answers 200 with a
 * Provenance; 202 with an informational OperationOutcome while the signer has not authorized the system or the
 * signature is still being made (send the same request again: it is idempotent; that answer is also the final
 * answer of a request that failed after acceptance); errors as OperationOutcome with the HTTP status and issue code of
 * their category ({@code HttpOutcomes}, {@link FhirOutcomes}), {@code Retry-After} when transient.
 */
public final class FhirSignProcessor implements Processor {

    private static final Logger log = LoggerFactory.getLogger(FhirSignProcessor.class);

    private final String system;
    private final int maxBytes;
    private SigningGateway gateway;

    public FhirSignProcessor(String system, int maxBytes) {
        this.system = system;
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        String operation = path == null ? "" : path.replace("%24", "$");
        byte[] body = exchange.getMessage().getBody(byte[].class);
        String reference = null;
        try {
            String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
            if (!"POST".equalsIgnoreCase(method)) {
                throw new FhirError(ErrorCode.METHOD_NOT_ALLOWED,
                        "use POST on DocumentReference/$sign or Bundle/$sign");
            }
            boolean documentReference = operation.endsWith("/DocumentReference/$sign");
            if (!documentReference && !operation.endsWith("/Bundle/$sign")) {
                throw new FhirError(ErrorCode.UNKNOWN_OPERATION,
                        "this FHIR endpoint offers POST DocumentReference/$sign and Bundle/$sign");
            }
            HttpCaller.require(exchange, gateway(exchange.getContext()), system);
            if (body != null && body.length > maxBytes) {
                throw new FhirError(ErrorCode.CONTENT_TOO_LARGE, "the request of " + body.length
                        + " bytes exceeds the limit of " + maxBytes);
            }
            Document document = documentReference ? FhirSigningTranslator.documentReference(body)
                    : FhirSigningTranslator.bundle(body);
            reference = document.requestId();
            SigningRequest request = new SigningRequest(system, document.requestId(), Operation.CMS,
                    document.signer(), null, document.documentId(), document.documentType(), document.content(),
                    SigningOptions.DEFAULT);
            RequestOutcome outcome = gateway(exchange.getContext()).acceptAndWait(request);
            if (outcome.isSigned()) {
                respond(exchange, 200, FhirSigningTranslator.provenance(document, outcome.artifact()));
            } else if (outcome.isPendingAuthorization()) {
                respond(exchange, 202, FhirSigningTranslator.outcome(ErrorCode.PENDING_AUTHORIZATION, "the signer has "
                        + "not authorized this system; a pending task was created. Send the same request again once it "
                        + "is authorized"));
            } else if (outcome.isFailed()) {
                // the final answer of an accepted request (the polling answer): refused, or failed after its retries
                answer(exchange, outcome.errorCode(), outcome.errorDetail());
            } else {
                respond(exchange, 202, FhirSigningTranslator.outcome(ErrorCode.IN_PROGRESS, "the document is "
                        + "accepted and being signed; send the same request again for the Provenance"));
            }
        } catch (HttpCaller.Refused e) {
            error(exchange, body, reference, e.code(), e.getMessage());
        } catch (FhirError e) {
            error(exchange, body, reference, e.code(), e.getMessage());
        } catch (SigningRefusedException e) {
            error(exchange, body, reference, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("FHIR request of {} could not be handled: {}", system, e.getClass().getSimpleName());
            log.debug("cause", e);
            error(exchange, body, reference, ErrorCode.HUB_UNAVAILABLE,
                    "the hub could not accept the document now; send it again later");
        }
    }

    /** A refusal at intake: answered, and recorded for operators unless it is about credentials. */
    private void error(Exchange exchange, byte[] body, String reference, ErrorCode code, String text) {
        answer(exchange, code, text);
        OutcomeCategory category = code.category();
        if (category != OutcomeCategory.AUTHENTICATION && category != OutcomeCategory.THROTTLED) {
            try {
                gateway(exchange.getContext()).rejected(new Rejection(system, "fhir", reference, code, text, body));
            } catch (RuntimeException e) {
                log.warn("Could not record a FHIR rejection of {}: {}", system, e.getClass().getSimpleName());
            }
        }
    }

    /** The OperationOutcome of a code, with its HTTP status and, when transient, {@code Retry-After}. */
    private static void answer(Exchange exchange, ErrorCode code, String text) {
        respond(exchange, HttpOutcomes.status(code), FhirSigningTranslator.outcome(code,
                text == null ? code.sentence() : text));
        HttpOutcomes.retryAfter(code).ifPresent(seconds -> exchange.getMessage().setHeader("Retry-After", seconds));
    }

    private static void respond(Exchange exchange, int status, String json) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, FhirSigningTranslator.FHIR_JSON + ";charset=UTF-8");
        exchange.getMessage().setBody(json);
    }

    private SigningGateway gateway(CamelContext context) {
        if (gateway == null) {
            gateway = SigningGateway.from(context);
        }
        return gateway;
    }
}
