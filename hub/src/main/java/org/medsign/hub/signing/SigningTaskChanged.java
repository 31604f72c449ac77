package org.medsign.hub.signing;

/**
 * Published by {@link SigningTasks} after a task's change is committed: created for its signer, confirmed, rejected or
 * expired. Carries ids only (never the document or the rejection's reason); the app's live inbox listens to it.
 *
 * @param taskId  the task
 * @param staffId its signer
 * @param systemId the system that asked
 * @param change  what happened
 */
public record SigningTaskChanged(long taskId, String staffId, String systemId, Change change) {

    /** What happened to the task. */
    public enum Change {
        CREATED, CONFIRMED, REJECTED, EXPIRED
    }
}
