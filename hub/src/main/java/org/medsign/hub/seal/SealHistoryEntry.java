package org.medsign.hub.seal;

import java.time.Instant;

/**
 * One step of a seal's life ({@code seal_history}).
 *
 * @param action      CREATED, ACTIVATED, CHANGED, SUSPENDED, RESUMED or REVOKED
 * @param state       DONE; or, for a change or revocation held for a second security administrator, the approval's
 *                    state: PENDING_APPROVAL, REJECTED or EXPIRED
 * @param changes     of a change: {@code field: before → after; …} (null for the other actions)
 * @param requestedBy the security administrator who asked
 * @param doneBy      who carried it out ({@code requester+approver} under dual control); null while not done
 */
public record SealHistoryEntry(long id, String sealId, String action, String state, String changes, String reason,
                               String requestedBy, Instant requestedAt, Long approvalId, String doneBy,
                               Instant doneAt) {
}
