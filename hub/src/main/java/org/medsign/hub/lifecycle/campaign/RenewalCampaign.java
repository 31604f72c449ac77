package org.medsign.hub.lifecycle.campaign;

import java.time.Instant;
import java.util.Map;

/**
 * A renewal campaign as seen from outside: state and counts (the API contract: {@code state}, {@code total},
 * {@code done}, {@code skipped}, {@code failed}); {@code total} = planned + running + done + skipped + failed.
 */
public record RenewalCampaign(long id, State state, boolean dryRun, boolean rekey, CampaignSelection selection,
                              String createdBy, Instant createdAt, Instant startedAt, Instant finishedAt, int total,
                              int planned, int running, int done, int skipped, int failed,
                              Map<String, Integer> skippedByReason) {

    /** Campaign states (contract). */
    public enum State {
        /** Planned, not started (a dry run stays here until started). */
        PLANNED,
        /** Items being renewed (resumed after a crash). */
        RUNNING,
        /** Every item DONE or SKIPPED. */
        DONE,
        /** Finished with at least one FAILED item. */
        FAILED
    }

    /** Item states. */
    public enum ItemState {
        PLANNED, RUNNING, DONE, SKIPPED, FAILED
    }

    /** One selected certificate and what became of it. */
    public record Item(int seq, String oldSerial, String staffId, String department, Instant oldNotAfter,
                       String keyCustody, ItemState state, String mode, String reasonCode, String detail,
                       String newSerial, Instant newNotBefore, Instant updatedAt) {
    }
}
