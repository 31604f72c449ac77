package org.medsign.adapters.http;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestOutcome;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.route.InboundSteps;

/**
 * The answer step of a synchronous HTTP route ({@code <system>.inbound.answer}), from the outcome of the wait: 200
 * with the signature; 202 while the request waits for its signer's confirmation or the signature is still being
 * made (send the same request again: it is idempotent); for a request that failed after acceptance its final answer, with the
 * HTTP status of the code's category ({@link HttpOutcomes}) and {@code Retry-After} when transient.
 */
public final class HttpAnswerStep implements Processor {

    /** Exchange property with what the translate step read, for the protocol's 200 answer (e.g. the FHIR target). */
    public static final String TRANSLATED = "MedsignHttpTranslated";

    private final SyncHttpProtocol protocol;

    public HttpAnswerStep(SyncHttpProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        SigningRequest request = exchange.getMessage().getMandatoryBody(SigningRequest.class);
        RequestOutcome outcome = exchange.getProperty(InboundSteps.OUTCOME, RequestOutcome.class);
        if (outcome.isSigned()) {
            respond(exchange, protocol, 200, protocol.signed(request, outcome.artifact(),
                    exchange.getProperty(TRANSLATED)));
        } else if (outcome.isPending()) {
            respond(exchange, protocol, 202, protocol.waiting(request, ErrorCode.PENDING_CONFIRMATION, "the signer has "
                    + "not confirmed it yet (a pending task); send the same request again later for the signature"));
        } else if (outcome.isFailed()) {
            // the final answer of an accepted request (the polling answer): refused, or failed after its retries
            error(exchange, protocol, request.requestId(), true, outcome.errorCode(), outcome.errorDetail());
        } else {
            respond(exchange, protocol, 202, protocol.waiting(request, ErrorCode.IN_PROGRESS, "the document is "
                    + "accepted and being signed; send the same request again for the " + protocol.resultName()));
        }
    }

    /** An error answer with the code's HTTP status and, when transient, {@code Retry-After}. */
    static void error(Exchange exchange, SyncHttpProtocol protocol, String reference, boolean afterAcceptance,
                      ErrorCode code, String text) {
        respond(exchange, protocol, HttpOutcomes.status(code), protocol.error(reference, afterAcceptance, code,
                text == null ? code.sentence() : text));
        HttpOutcomes.retryAfter(code).ifPresent(seconds -> exchange.getMessage().setHeader("Retry-After", seconds));
    }

    private static void respond(Exchange exchange, SyncHttpProtocol protocol, int status, String body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, protocol.contentType() + ";charset=UTF-8");
        exchange.getMessage().setBody(body);
    }
}
