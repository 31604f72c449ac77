package org.medsign.adapters.model;

/**
 * How to answer a request once it is signed: the Camel endpoint of the system's outbound route and the original
 * message the result is built from. {@link #toString()} never shows the message (patient data).
 *
 * @param endpoint   e.g. {@code direct:his.outbound.result}
 * @param signerCode the signer as the system knows them
 * @param original   the decoded inbound message
 */
public record ReplyContext(String endpoint, String signerCode, String original) {

    @Override
    public String toString() {
        return "ReplyContext[" + endpoint + "]";
    }
}
