package org.medsign.hub.integration;

import java.time.Instant;

import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.hub.signing.SignerResolver;
import org.medsign.hub.signing.SigningException;
import org.medsign.hub.signing.SigningIntake;
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

    public HubSigningGateway(SignerResolver resolver, SigningIntake intake) {
        this.resolver = resolver;
        this.intake = intake;
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
