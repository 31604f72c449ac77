package org.medsign.hub.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.HandwritingImages;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.medsign.hub.jobs.ClusterLocks;
import org.medsign.hub.signing.SigningTaskRepository.Row;
import org.medsign.hub.signing.SigningTaskRepository.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pending tasks (待签任务): a request its signer has not permitted waits as a task until the signer decides. Confirmed
 * (the caller has checked the signer's PIN) → the request is queued again and the worker signs it; rejected with a
 * reason, or expired after {@link SigningTaskProperties#expiry()} → the request fails with {@code TASK_REJECTED} or
 * {@code TASK_EXPIRED} and {@link RequestFailed} brings the system its failure notice. Invariants: one task per
 * request; a task is decided once (a second decision is {@code TASK_NOT_PENDING}); a signer sees and decides only
 * their own tasks (another signer's id is {@code TASK_UNKNOWN}, as if it did not exist).
 */
@Component
public class SigningTasks {

    /** The expiry job's name (its cluster lock). */
    public static final String EXPIRY_JOB = "signing-task-expiry";
    static final Duration LOCK_AT_MOST_FOR = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(SigningTasks.class);
    private static final int PAGE = 500;
    private static final int REASON_MAX = 500;
    private static final int TITLE_MAX = 256;

    /**
     * A task as its signer sees it: ids, system, title, times, and whether its confirmation needs the signer's
     * handwriting; never the document.
     */
    public record Task(long id, String systemId, String title, Instant createdAt, Instant expiresAt, String requestId,
                       String status, boolean handwritingRequired) {
    }

    private final SigningTaskRepository tasks;
    private final SigningRequestRepository requests;
    private final SigningIntake intake;
    private final SigningCompletions completions;
    private final SigningMetrics metrics;
    private final SigningTaskProperties properties;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final KeyEncryptionKey kek;
    private final SignerResolver signers;

    public SigningTasks(SigningTaskRepository tasks, SigningRequestRepository requests, SigningIntake intake,
                        SigningCompletions completions, SigningMetrics metrics, SigningTaskProperties properties,
                        AuditLog audit, TransactionTemplate transactions, ApplicationEventPublisher events,
                        MeterRegistry registry, KeyEncryptionKey kek, SignerResolver signers) {
        this.tasks = tasks;
        this.requests = requests;
        this.intake = intake;
        this.completions = completions;
        this.metrics = metrics;
        this.properties = properties;
        this.audit = audit;
        this.transactions = transactions;
        this.events = events;
        this.kek = kek;
        this.signers = signers;
        Gauge.builder("medsign.signing.tasks.pending", tasks, SigningTaskRepository::countPending)
                .description("Signing tasks waiting for their signer").register(registry);
    }

    /** The pending tasks of a signer, oldest first (at most 500). */
    public List<Task> pendingOf(String staffId) {
        return tasks.pendingOf(staffId, PAGE).stream().map(SigningTasks::task).toList();
    }

    /** A task of this signer, whatever its status; another signer's task is empty, as an unknown one. */
    public Optional<Task> find(String staffId, long taskId) {
        return tasks.find(taskId).filter(row -> row.staffId().equals(staffId)).map(SigningTasks::task);
    }

    /** The task a request waits on, if it has one. */
    public Optional<Long> taskIdOf(long requestPk) {
        return tasks.idOfRequest(requestPk);
    }

    /** Confirms tasks without handwriting: {@link #confirm(String, List, HandwritingImages.Checked)}. */
    public List<Long> confirm(String staffId, List<Long> taskIds) {
        return confirm(staffId, taskIds, null);
    }

    /**
     * Confirms tasks of one signer (the caller has verified the signer's PIN), all or nothing: an id that is unknown or
     * another signer's fails the whole batch with {@code TASK_UNKNOWN}, one already decided or past its expiry with
     * {@code TASK_NOT_PENDING}, a task whose policy requires the signer's handwriting confirmed without one (or in a
     * batch: a handwriting belongs to one document) with {@code HANDWRITING_REQUIRED}, a task whose signer cannot sign
     * now (certificate revoked, frozen, expired: the resolver's code, e.g. {@code SIGNER_CERTIFICATE_REVOKED}) with
     * that code, and nothing changes (the task stays pending: a reissued certificate can still sign it). Otherwise
     * each task is CONFIRMED, the handwriting (checked by the caller) kept sealed with its task, and its request queued
     * again; the worker then signs it (or refuses it finally, e.g. when the certificate was frozen meanwhile). Returns
     * the confirmed ids in the order given, duplicates removed.
     */
    public List<Long> confirm(String staffId, List<Long> taskIds, HandwritingImages.Checked handwriting) {
        List<Long> ids = List.copyOf(new LinkedHashSet<>(taskIds));
        if (ids.isEmpty()) {
            return List.of();
        }
        if (handwriting != null && ids.size() > 1) {
            throw new HubException(ErrorCode.HANDWRITING_REQUIRED,
                    "a handwriting belongs to one document: confirm the task on its own");
        }
        Instant now = Instant.now();
        List<Row> confirmed = transactions.execute(status -> {
            List<Row> rows = new ArrayList<>();
            for (long id : ids.stream().sorted().toList()) { // one lock order for concurrent batches
                rows.add(pending(staffId, id, now));
            }
            for (Confirmable checked : check(rows, handwriting, now)) {
                if (checked.signer().collaborative()) {
                    throw new HubException(ErrorCode.COLLAB_ROUND_REQUIRED, "task " + checked.taskId() + " is "
                            + "signed with your collaborative key: confirm it with your device's signing round");
                }
            }
            for (Row row : rows) {
                if (handwriting != null) {
                    tasks.attachHandwriting(row.id(), kek.seal(handwriting.png(), handwritingContext(row.requestPk())));
                }
                tasks.decide(row.id(), Status.CONFIRMED, now, null);
                requests.reopenPending(row.requestPk());
                audit.append(AuditEvent.success(actor(staffId), "SIGNER", "TASK_CONFIRMED", target(row),
                        "task " + row.id() + (handwriting != null ? " handwriting-sm3 " + handwriting.sm3() : "")));
            }
            return rows;
        });
        for (Row row : confirmed) {
            intake.enqueue(row.requestPk());
            changed(row, SigningTaskChanged.Change.CONFIRMED);
        }
        log.info("Signer confirmed {} task(s)", confirmed.size());
        return ids;
    }

    /** A pending task that may be confirmed now: its request and the signer that will sign it. */
    public record Confirmable(long taskId, long requestPk, SigningRequest request, ResolvedSigner signer,
                              boolean handwritingRequired) {
    }

    /**
     * The checks of {@link #confirm(String, List, HandwritingImages.Checked)} without deciding anything, for a
     * collaborative signing round ({@link CollaborativeRounds}) about to start: returns the tasks in the order given,
     * duplicates removed.
     */
    public List<Confirmable> confirmable(String staffId, List<Long> taskIds, HandwritingImages.Checked handwriting) {
        List<Long> ids = List.copyOf(new LinkedHashSet<>(taskIds));
        if (handwriting != null && ids.size() > 1) {
            throw new HubException(ErrorCode.HANDWRITING_REQUIRED,
                    "a handwriting belongs to one document: confirm the task on its own");
        }
        Instant now = Instant.now();
        List<Confirmable> checked = transactions.execute(status -> {
            List<Row> rows = new ArrayList<>();
            for (long id : ids.stream().sorted().toList()) {
                rows.add(pending(staffId, id, now));
            }
            return check(rows, handwriting, now);
        });
        return ids.stream().map(id -> checked.stream().filter(c -> c.taskId() == id).findFirst().orElseThrow())
                .toList();
    }

    /** Confirmability of locked pending rows: the signer resolves now, handwriting given where required. */
    private List<Confirmable> check(List<Row> rows, HandwritingImages.Checked handwriting, Instant now) {
        List<Confirmable> checked = new ArrayList<>();
        for (Row row : rows) {
            // a certificate revoked or frozen since the task was created: say so now, confirm nothing
            SigningRequest request = requests.find(row.requestPk()).orElseThrow(() -> new HubException(
                    ErrorCode.TASK_UNKNOWN, "the request of task " + row.id() + " is gone")).request();
            ResolvedSigner signer = signers.resolve(row.systemId(), request.signer(), now);
            if (row.handwritingRequired() && handwriting == null) {
                throw new HubException(ErrorCode.HANDWRITING_REQUIRED, "task " + row.id() + " needs the "
                        + "signer's handwriting: open it and write the signature before confirming"
                        + (rows.size() > 1 ? " (it cannot be confirmed in a batch)" : ""));
            }
            checked.add(new Confirmable(row.id(), row.requestPk(), request, signer, row.handwritingRequired()));
        }
        return checked;
    }

    /** A task's signature made by a collaborative signing round. */
    public record Cosigned(long taskId, byte[] signature, HandwritingImages.Checked handwriting) {
    }

    /**
     * Confirms tasks whose signatures the signer's device and the hub made together ({@link CollaborativeRounds}), all
     * or nothing, in one transaction: each task still pending and its signer's, the signature and handwriting kept
     * with it, CONFIRMED, its request queued again; the worker then timestamps and records the signature. Returns the
     * confirmed ids in the order given.
     */
    public List<Long> confirmCosigned(String staffId, List<Cosigned> cosigned) {
        Instant now = Instant.now();
        List<Row> confirmed = transactions.execute(status -> {
            List<Row> rows = new ArrayList<>();
            for (Cosigned item : cosigned.stream().sorted(java.util.Comparator.comparingLong(Cosigned::taskId))
                    .toList()) {
                Row row = pending(staffId, item.taskId(), now);
                tasks.attachCosigned(row.id(), item.signature());
                if (item.handwriting() != null) {
                    tasks.attachHandwriting(row.id(), kek.seal(item.handwriting().png(),
                            handwritingContext(row.requestPk())));
                }
                tasks.decide(row.id(), Status.CONFIRMED, now, null);
                requests.reopenPending(row.requestPk());
                audit.append(AuditEvent.success(actor(staffId), "SIGNER", "TASK_CONFIRMED", target(row),
                        "task " + row.id() + " co-signed with the device" + (item.handwriting() != null
                                ? " handwriting-sm3 " + item.handwriting().sm3() : "")));
                rows.add(row);
            }
            return rows;
        });
        for (Row row : confirmed) {
            intake.enqueue(row.requestPk());
            changed(row, SigningTaskChanged.Change.CONFIRMED);
        }
        log.info("Signer co-signed {} task(s) with the device", confirmed.size());
        return cosigned.stream().map(Cosigned::taskId).toList();
    }

    /** The co-signed signature kept with the request's confirmed task, if any. */
    Optional<byte[]> cosignedOf(long pk) {
        return tasks.cosignedOfRequest(pk);
    }

    /**
     * Rejects a task of this signer with the signer's reason (kept with the task, at most 500 characters, and passed
     * to the system in its failure notice): the request fails with {@code TASK_REJECTED}.
     */
    public void reject(String staffId, long taskId, String reason) {
        String kept = reason == null || reason.isBlank() ? null : reason.strip();
        if (kept != null && kept.length() > REASON_MAX) {
            kept = kept.substring(0, REASON_MAX);
        }
        String why = kept;
        String detail = why == null ? "rejected by the signer" : "rejected by the signer: " + why;
        Instant now = Instant.now();
        Row row = transactions.execute(status -> {
            Row pending = pending(staffId, taskId, now);
            end(pending, Status.REJECTED, now, why, ErrorCode.TASK_REJECTED, detail);
            audit.append(AuditEvent.success(actor(staffId), "SIGNER", "TASK_REJECTED", target(pending),
                    "task " + pending.id()));
            return pending;
        });
        notifyFailed(row, RequestStatus.REJECTED, ErrorCode.TASK_REJECTED, detail);
        changed(row, SigningTaskChanged.Change.REJECTED);
    }

    /** The expiry job's run, under its cluster lock (extended after every page). */
    void scheduledExpiry() {
        ClusterLocks.assertHeld();
        expireDue(true);
    }

    /** Expires every pending task past its expiry; returns how many. */
    public int expireDue() {
        return expireDue(false);
    }

    private int expireDue(boolean locked) {
        int expired = 0;
        List<Long> due;
        do {
            if (locked && expired > 0) {
                ClusterLocks.extendHeld(LOCK_AT_MOST_FOR);
            }
            due = tasks.pendingExpiredAt(Instant.now(), PAGE);
            for (long id : due) {
                try {
                    if (expire(id)) {
                        expired++;
                    }
                } catch (RuntimeException e) {
                    log.warn("Could not expire task {}: {}", id, e.getClass().getSimpleName());
                }
            }
        } while (due.size() == PAGE && expired > 0);
        if (expired > 0) {
            log.info("Expired {} signing task(s)", expired);
        }
        return expired;
    }

    private boolean expire(long id) {
        Instant now = Instant.now();
        String detail = "not confirmed by the signer within " + properties.expiry();
        Row row = transactions.execute(status -> {
            Row locked = tasks.lock(id).orElse(null);
            if (locked == null || locked.status() != Status.PENDING || locked.expiresAt().isAfter(now)) {
                return null;
            }
            end(locked, Status.EXPIRED, now, null, ErrorCode.TASK_EXPIRED, detail);
            audit.append(AuditEvent.success("hub", "SYSTEM", "TASK_EXPIRED", target(locked),
                    "task " + locked.id() + " of staff:" + locked.staffId()));
            return locked;
        });
        if (row == null) {
            return false;
        }
        notifyFailed(row, RequestStatus.EXPIRED, ErrorCode.TASK_EXPIRED, detail);
        changed(row, SigningTaskChanged.Change.EXPIRED);
        return true;
    }

    /**
     * Holds a request for its signer (the worker found no permission): creates its task once (a redelivery finds it)
     * and marks the request PENDING, in one transaction. Returns the task's id.
     */
    long hold(long pk, SigningRequest request, String staffId, boolean handwritingRequired) {
        Instant now = Instant.now();
        SigningTaskRepository.Inserted held = transactions.execute(status -> {
            SigningTaskRepository.Inserted task = tasks.insertOnce(pk, request.requestId(), staffId,
                    request.systemId(), request.scenario(), title(request), now, now.plus(properties.expiry()),
                    handwritingRequired);
            requests.mark(pk, RequestStatus.PENDING, staffId, null, null);
            if (task.created()) {
                audit.append(AuditEvent.success("system:" + request.systemId(), "SYSTEM", "TASK_CREATED",
                        request.systemId() + "/" + request.requestId(), "task " + task.id() + " for staff:" + staffId));
            }
            return task;
        });
        if (held.created()) {
            events.publishEvent(new SigningTaskChanged(held.id(), staffId, request.systemId(),
                    SigningTaskChanged.Change.CREATED));
        }
        return held.id();
    }

    /** Whether the request's task was confirmed by this signer: the worker may sign it without a permission. */
    boolean confirmedBy(long pk, String staffId) {
        return tasks.ofRequest(pk).filter(row -> row.status() == Status.CONFIRMED && row.staffId().equals(staffId))
                .isPresent();
    }

    /**
     * The handwriting its signer gave when confirming the request's task, checked again after opening; empty when
     * none was given.
     */
    Optional<HandwritingImages.Checked> handwritingOf(long pk) {
        return tasks.handwritingOfRequest(pk)
                .map(sealed -> HandwritingImages.check(kek.open(sealed, handwritingContext(pk))));
    }

    private static String handwritingContext(long pk) {
        return "signing_task/handwriting/" + pk;
    }

    /** A pending task of this signer, row-locked; otherwise TASK_UNKNOWN or TASK_NOT_PENDING. */
    private Row pending(String staffId, long id, Instant now) {
        Row row = tasks.lock(id).filter(found -> found.staffId().equals(staffId))
                .orElseThrow(() -> new HubException(ErrorCode.TASK_UNKNOWN, "no task " + id + " of this signer"));
        if (row.status() != Status.PENDING) {
            throw new HubException(ErrorCode.TASK_NOT_PENDING, "task " + id + " is " + row.status() + " already");
        }
        if (!row.expiresAt().isAfter(now)) {
            throw new HubException(ErrorCode.TASK_NOT_PENDING, "task " + id + " expired at " + row.expiresAt());
        }
        return row;
    }

    /** Decides a locked pending task and fails its request (same transaction). */
    private void end(Row row, Status status, Instant now, String reason, ErrorCode code, String detail) {
        tasks.decide(row.id(), status, now, reason);
        Optional<RequestStatus> current = requests.lockStatus(row.requestPk());
        if (current.isPresent() && !current.get().isFinal()) {
            requests.mark(row.requestPk(), status == Status.REJECTED ? RequestStatus.REJECTED : RequestStatus.EXPIRED,
                    row.staffId(), code, detail);
        }
    }

    private void notifyFailed(Row row, RequestStatus ended, ErrorCode code, String detail) {
        metrics.outcome(row.systemId(), "failed");
        completions.signal(row.requestPk());
        events.publishEvent(new RequestFailed(row.requestPk(), row.systemId(), ended, code, detail));
    }

    /** Tells listeners (the app's live inbox) about a committed change; listeners in a transaction get it after commit. */
    private void changed(Row row, SigningTaskChanged.Change change) {
        events.publishEvent(new SigningTaskChanged(row.id(), row.staffId(), row.systemId(), change));
    }

    /** The document's title as the system named it (type and id), else scenario and id; never the content. */
    static String title(SigningRequest request) {
        String kind = notBlank(request.documentType()) ? request.documentType()
                : notBlank(request.scenario()) ? request.scenario() : request.operation().name();
        String title = notBlank(request.documentId()) ? kind + " " + request.documentId()
                : kind + " " + request.requestId();
        return title.length() <= TITLE_MAX ? title : title.substring(0, TITLE_MAX);
    }

    private static boolean notBlank(String text) {
        return text != null && !text.isBlank();
    }

    private static Task task(Row row) {
        return new Task(row.id(), row.systemId(), row.title(), row.createdAt(), row.expiresAt(), row.requestId(),
                row.status().name(), row.handwritingRequired());
    }

    private static String actor(String staffId) {
        return "staff:" + staffId;
    }

    private static String target(Row row) {
        return row.systemId() + "/" + row.requestId();
    }
}
