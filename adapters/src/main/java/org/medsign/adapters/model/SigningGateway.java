package org.medsign.adapters.model;

/**
 * The hub as adapters see it: the durable hand-off. Implemented by the hub, looked up by adapters in the Camel
 * registry under {@link #BEAN_NAME}. Adapters never call each other, only this.
 */
public interface SigningGateway {

    /** Registry name. */
    String BEAN_NAME = "signingGateway";

    /**
     * Checks the signer and durably accepts the request (persisted and queued) before returning; a request already
     * accepted under the same (system, request id) is accepted again without a second signature. Throws
     * {@link SigningRefusedException} when the hub refuses it outright.
     *
     * @return the request's status after acceptance (RECEIVED, PENDING_AUTHORIZATION, DONE, FAILED…)
     */
    String accept(SigningRequest request);

    /**
     * Like {@link #accept(SigningRequest)}, and once the request is signed the hub sends a result message (built
     * from {@code reply}) through the system's outbound route, with retry and dead-lettering.
     */
    String accept(SigningRequest request, ReplyContext reply);
}
