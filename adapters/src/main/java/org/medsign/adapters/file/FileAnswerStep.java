package org.medsign.adapters.file;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestOutcome;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.model.SigningResult;
import org.medsign.adapters.route.InboundSteps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer step of a {@code file-inbound} route ({@code <system>.inbound.answer}): nothing to say for a file taken
 * (its result is written later), except that the same file dropped again after it was signed gets its result written
 * again, without a second signature.
 */
public final class FileAnswerStep implements Processor {

    private static final Logger log = LoggerFactory.getLogger(FileAnswerStep.class);

    private final String system;
    private ProducerTemplate producer;

    public FileAnswerStep(String system) {
        this.system = system;
    }

    @Override
    public void process(Exchange exchange) throws InvalidPayloadException {
        SigningRequest request = exchange.getMessage().getMandatoryBody(SigningRequest.class);
        RequestStatus status = exchange.getProperty(InboundSteps.STATUS, RequestStatus.class);
        if (status.isFinal()) {
            // dropped again after the hub finished it: deliver the same result again, no second signature
            ReplyContext reply = exchange.getProperty(InboundSteps.REPLY, ReplyContext.class);
            RequestOutcome outcome = SigningGateway.from(exchange.getContext()).acceptAndWait(request);
            producer(exchange).sendBody(reply.endpoint(), SigningResult.of(outcome, reply));
        } else if (status == RequestStatus.PENDING) {
            log.info("File {} of {} waits for the signer's confirmation", request.requestId(), system);
        }
    }

    private ProducerTemplate producer(Exchange exchange) {
        if (producer == null) {
            producer = exchange.getContext().createProducerTemplate();
        }
        return producer;
    }
}
