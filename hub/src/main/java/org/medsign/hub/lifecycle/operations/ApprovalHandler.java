package org.medsign.hub.lifecycle.operations;

/**
 * Carries out an operation once a second security administrator approved it. One bean per operation; the lifecycle
 * module has {@code REVOKE}; other modules add theirs (renewal campaigns: {@code BULK}).
 */
public interface ApprovalHandler {

    /** The operation this handler carries out ({@code REVOKE}, {@code BULK}, {@code FREEZE}). */
    String operation();

    /**
     * Carries it out; returns a short result for the record. Runs in the approval's transaction.
     *
     * @param target   what it acts on (a certificate serial, a campaign id…)
     * @param payload  the operation's parameters as the request stored them (e.g. a revocation reason), or null
     * @param reason   the requester's reason
     * @param operator who is recorded as having done it ({@code requester+approver})
     */
    String execute(String target, String payload, String reason, String operator);

    /** Called once the approval and {@link #execute} have committed (e.g. to start background work). */
    default void committed(String target) {
    }
}
