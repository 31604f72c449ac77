package org.medsign.adapters.http;

import org.apache.camel.Exchange;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.OutcomeCategory;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.route.ErrorAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error answer of a synchronous HTTP route ({@code <system>.inbound.errors}): a refusal at intake
 * ({@link HttpRefusal}, {@link SigningRefusedException}) gets the protocol's error body with its code's status; any
 * other failure is {@link ErrorCode#HUB_UNAVAILABLE} ("send it again later"). Recorded for operators unless it is
 * about credentials.
 */
public final class HttpErrorAnswer implements ErrorAnswer {

    private static final Logger log = LoggerFactory.getLogger(HttpErrorAnswer.class);

    private final String system;
    private final SyncHttpProtocol protocol;

    public HttpErrorAnswer(String system, SyncHttpProtocol protocol) {
        this.system = system;
        this.protocol = protocol;
    }

    @Override
    public void answer(Exchange exchange, Throwable failure) {
        Object body = exchange.getMessage().getBody();
        String reference = body instanceof SigningRequest request ? request.requestId() : null;
        ErrorCode code;
        String text;
        if (failure instanceof HttpRefusal refusal) {
            code = refusal.code();
            text = refusal.getMessage();
        } else if (failure instanceof SigningRefusedException refusal) {
            code = refusal.code();
            text = refusal.getMessage();
        } else {
            log.warn("{} request of {} could not be handled: {}", protocol.channel(), system,
                    failure.getClass().getSimpleName());
            log.debug("cause", failure);
            code = ErrorCode.HUB_UNAVAILABLE;
            text = "the hub could not accept the document now; send it again later";
        }
        HttpAnswerStep.error(exchange, protocol, reference, false, code, text);
        OutcomeCategory category = code.category();
        if (category != OutcomeCategory.AUTHENTICATION && category != OutcomeCategory.THROTTLED) {
            try {
                SigningGateway.from(exchange.getContext()).rejected(new Rejection(system, protocol.channel(), reference,
                        code, text, exchange.getProperty(HttpFilterStep.RECEIVED, byte[].class)));
            } catch (RuntimeException e) {
                log.warn("Could not record a {} rejection of {}: {}", protocol.channel(), system,
                        e.getClass().getSimpleName());
            }
        }
    }
}
