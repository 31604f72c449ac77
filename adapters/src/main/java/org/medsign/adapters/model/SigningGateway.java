package org.medsign.adapters.model;

import java.util.Optional;

/**
 * The hub as adapters see it: the durable hand-off. Implemented by the hub, looked up by adapters in the Camel
 * registry under {@link #BEAN_NAME}. Adapters never call each other, only this.
 */
public interface SigningGateway {

    /** Registry name. */
    String BEAN_NAME = "signingGateway";

    /** The gateway bound in a Camel registry (by the hub); fails when there is none. */
    static SigningGateway from(org.apache.camel.CamelContext context) {
        SigningGateway gateway = context.getRegistry().lookupByNameAndType(BEAN_NAME, SigningGateway.class);
        if (gateway == null) {
            throw new IllegalStateException("no SigningGateway in the registry");
        }
        return gateway;
    }

    /**
     * Checks the signer and durably accepts the request (persisted and queued) before returning; a request already
     * accepted under the same (system, request id) is accepted again without a second signature. Throws
     * {@link SigningRefusedException} when the hub refuses it outright.
     *
     * @return the request's status after acceptance (RECEIVED, PENDING, or a final status when the
     *         same request was finished before)
     */
    RequestStatus accept(SigningRequest request);

    /**
     * Like {@link #accept(SigningRequest)}, and once the request is finished the hub hands a {@link SigningResult}
     * (built with {@code reply}) to the system's outbound endpoint, with retry and dead-lettering: the signed result,
     * or the failure notice (refused, or failed after its retries).
     */
    RequestStatus accept(SigningRequest request, ReplyContext reply);

    /**
     * Like {@link #accept(SigningRequest)}, then waits up to the hub's synchronous timeout for the signature.
     */
    RequestOutcome acceptAndWait(SigningRequest request);

    /**
     * The system an API key belongs to, for adapters that authenticate their callers themselves (FHIR, HTTP JSON).
     * Failures count towards the address's lockout and are audited; a locked-out address gets
     * {@link SigningRefusedException} with code {@link ErrorCode#AUTHENTICATION_LOCKED_OUT}.
     */
    Optional<String> authenticate(String apiKey, String clientAddress);

    /** Records a refused message or row, so that an operator can find it (no payload is stored). */
    void rejected(Rejection rejection);

    /**
     * Records a connection a listener refused at accept time (address not allowed, too many connections from one
     * address): counted, and audited without flooding the audit chain. Must be cheap: called on the accept thread.
     */
    void peerRefused(PeerRefusal refusal);
}
