package org.medsign.hub.integration;

import java.time.Instant;

import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.hub.signing.SignerResolver;
import org.medsign.hub.signing.SigningException;
import org.medsign.hub.signing.SigningIntake;
import org.medsign.hub.signing.SigningOutcome;
import org.springframework.stereotype.Component;

/**
 * The hub behind every adapter: checks the signer at once (so that an HL7 system learns about an unknown code or a
 * frozen certificate in its ACK), then hands the request to the durable intake. Returns only after the request is
 * persisted and queued.
 */
@Component(SigningGateway.BEAN_NAME)
public class HubSigningGateway implements SigningGateway {

    private final SignerResolver resolver;
    private final SigningIntake intake;
    private final Replies replies;

    public HubSigningGateway(SignerResolver resolver, SigningIntake intake, Replies replies) {
        this.resolver = resolver;
        this.intake = intake;
        this.replies = replies;
    }

    @Override
    public String accept(SigningRequest request, ReplyContext reply) {
        try {
            resolver.resolve(request.systemId(), request.signer(), Instant.now());
            SigningOutcome outcome = intake.submit(request);
            replies.remember(outcome.requestPk(), reply);
            return outcome.status().name();
        } catch (SigningException e) {
            throw new SigningRefusedException(e.code(), e.getMessage());
        }
    }

    @Override
    public String accept(SigningRequest request) {
        try {
            resolver.resolve(request.systemId(), request.signer(), Instant.now());
            return intake.submit(request).status().name();
        } catch (SigningException e) {
            throw new SigningRefusedException(e.code(), e.getMessage());
        }
    }
}
