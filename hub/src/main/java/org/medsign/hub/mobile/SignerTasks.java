package org.medsign.hub.mobile;

import java.util.List;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.HandwritingImages;
import org.medsign.hub.lifecycle.operations.StaffPins;
import org.medsign.crypto.collab.SignResponse;
import org.medsign.hub.signing.CollaborativeRounds;
import org.medsign.hub.signing.SigningTasks;
import org.springframework.stereotype.Component;

/**
 * The signer's pending tasks (待签任务) as the app sees them: listed and opened only by their own signer, confirmed
 * with the signing PIN — one task or a batch under one PIN entry (一键批量签名) — or rejected with a reason. The PIN is
 * checked by {@link StaffPins} (wrong PINs counted, locked after the limit) before anything is confirmed; the tasks
 * themselves are {@link SigningTasks}'.
 */
@Component
public class SignerTasks {

    /** The most tasks one PIN entry confirms. */
    public static final int MAX_BATCH = 200;

    private final SigningTasks tasks;
    private final StaffPins pins;
    private final CollaborativeRounds rounds;

    public SignerTasks(SigningTasks tasks, StaffPins pins, CollaborativeRounds rounds) {
        this.tasks = tasks;
        this.pins = pins;
        this.rounds = rounds;
    }

    /** The signer's pending tasks, oldest first. */
    public List<SigningTasks.Task> pending(String staffId) {
        return tasks.pendingOf(staffId);
    }

    /** One task of this signer; another signer's or an unknown id is {@code TASK_UNKNOWN}. */
    public SigningTasks.Task task(String staffId, long taskId) {
        return tasks.find(staffId, taskId)
                .orElseThrow(() -> new HubException(ErrorCode.TASK_UNKNOWN, "no task " + taskId + " of this signer"));
    }

    /**
     * Confirms tasks with the signer's PIN, all or nothing; returns the confirmed ids.
     *
     * @param source the client address, for the PIN throttle
     */
    public List<Long> confirm(String staffId, List<Long> taskIds, String pin, String source) {
        return confirm(staffId, taskIds, pin, source, null);
    }

    /**
     * Confirms tasks with the signer's PIN and (null: none) the handwriting the signer drew, a PNG checked before the
     * PIN is (HANDWRITING_INVALID costs no PIN attempt); a handwriting confirms exactly one task.
     */
    public List<Long> confirm(String staffId, List<Long> taskIds, String pin, String source, byte[] handwriting) {
        HandwritingImages.Checked image = checked(taskIds, pin, handwriting);
        pins.verify(staffId, pin, "staff:" + staffId, source);
        return tasks.confirm(staffId, taskIds, image);
    }

    /**
     * Starts the collaborative signing round (协同签名) for tasks signed with the signer's collaborative key: the same
     * checks and PIN verification as {@link #confirm}, then {@link CollaborativeRounds#open}.
     */
    public List<CollaborativeRounds.Opened> startRound(String staffId, List<Long> taskIds, String pin, String source,
                                                       byte[] handwriting) {
        HandwritingImages.Checked image = checked(taskIds, pin, handwriting);
        pins.verify(staffId, pin, "staff:" + staffId, source);
        return rounds.open(staffId, taskIds, image);
    }

    /** The round's second step: {@link CollaborativeRounds#answer}. */
    public List<SignResponse> answerRound(String staffId, List<byte[]> requests) {
        if (requests == null || requests.isEmpty() || requests.size() > MAX_BATCH) {
            throw new HubException(ErrorCode.INVALID_REQUEST, "send 1 to " + MAX_BATCH + " requests");
        }
        return rounds.answer(staffId, requests);
    }

    /** The round's last step: {@link CollaborativeRounds#finish}; returns the confirmed task ids. */
    public List<Long> finishRound(String staffId, List<CollaborativeRounds.Finished> signatures) {
        if (signatures == null || signatures.isEmpty() || signatures.size() > MAX_BATCH) {
            throw new HubException(ErrorCode.INVALID_REQUEST, "send 1 to " + MAX_BATCH + " signatures");
        }
        return rounds.finish(staffId, signatures);
    }

    private static HandwritingImages.Checked checked(List<Long> taskIds, String pin, byte[] handwriting) {
        if (taskIds == null || taskIds.isEmpty() || taskIds.stream().anyMatch(id -> id == null)) {
            throw new HubException(ErrorCode.INVALID_REQUEST, "name the tasks to confirm (ids)");
        }
        if (taskIds.size() > MAX_BATCH) {
            throw new HubException(ErrorCode.INVALID_REQUEST, "at most " + MAX_BATCH + " tasks at once");
        }
        if (pin == null || pin.isBlank()) {
            throw new HubException(ErrorCode.PIN_MISSING, "confirm with the signing PIN (pin)");
        }
        return handwriting == null ? null : HandwritingImages.check(handwriting);
    }

    /** Rejects one task of this signer with the signer's reason; the system gets its failure notice. */
    public void reject(String staffId, long taskId, String reason) {
        tasks.reject(staffId, taskId, reason);
    }
}
