package org.medsign.adapters.http;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.adapters.model.SigningRequest;

/**
 * What one synchronous HTTP edge (FHIR, HTTP JSON) says in its own words; the flow around it (filter, translate,
 * wait for the signature, answer) is {@link SyncHttpRoute}'s. Bodies are returned as text in {@link #contentType()}.
 */
public interface SyncHttpProtocol {

    /** The channel name in rejection records and logs, e.g. {@code fhir}. */
    String channel();

    /** The media type of every answer. */
    String contentType();

    /** What the caller gets back when signed, e.g. {@code Provenance}; named in the "in progress" answer. */
    String resultName();

    /** Refuses a method or path this edge does not offer ({@link HttpRefusal}). */
    void checkOperation(String method, String path);

    /** The 200 answer: the signature. */
    String signed(SigningRequest request, SignedArtifact artifact, Object translated);

    /** A 202 answer: the request waits ({@code PENDING} or {@code IN_PROGRESS}) with a sentence. */
    String waiting(SigningRequest request, ErrorCode status, String message);

    /**
     * An error answer: a refusal at intake ({@code afterAcceptance} false), or the final answer of an accepted request
     * that failed; {@code reference} is the request id when known.
     */
    String error(String reference, boolean afterAcceptance, ErrorCode code, String text);
}
