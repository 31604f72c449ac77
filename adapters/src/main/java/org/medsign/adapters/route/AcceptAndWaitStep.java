package org.medsign.adapters.route;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.medsign.adapters.model.RequestOutcome;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRequest;

/**
 * The hand-off of a synchronous edge (FHIR, HTTP JSON): accepts the canonical request in the body and waits up to
 * the hub's synchronous timeout; the outcome goes to {@link InboundSteps#OUTCOME}.
 */
public final class AcceptAndWaitStep implements Processor {

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        SigningRequest request = exchange.getMessage().getMandatoryBody(SigningRequest.class);
        RequestOutcome outcome = SigningGateway.from(exchange.getContext()).acceptAndWait(request);
        exchange.setProperty(InboundSteps.OUTCOME, outcome);
    }
}
