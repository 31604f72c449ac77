package org.medsign.adapters.route;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRequest;

/**
 * The hand-off of an asynchronous edge (MLLP, files): durably accepts the canonical request in the body, with the
 * {@link InboundSteps#REPLY} context when the result goes back through an outbound route, and leaves the status in
 * {@link InboundSteps#STATUS} (and the {@code MedsignRequestStatus} header).
 */
public final class AcceptStep implements Processor {

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        SigningRequest request = exchange.getMessage().getMandatoryBody(SigningRequest.class);
        ReplyContext reply = exchange.getProperty(InboundSteps.REPLY, ReplyContext.class);
        SigningGateway gateway = SigningGateway.from(exchange.getContext());
        RequestStatus status = reply == null ? gateway.accept(request) : gateway.accept(request, reply);
        exchange.setProperty(InboundSteps.STATUS, status);
        exchange.getMessage().setHeader(InboundSteps.STATUS, status.name());
    }
}
