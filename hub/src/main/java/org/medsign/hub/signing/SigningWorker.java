package org.medsign.hub.signing;

import java.time.Instant;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.OutcomeCategory;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.crypto.MedsignCryptoException;
import org.medsign.crypto.tsp.TimestampException;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.HandwritingImages;
import org.medsign.hub.lifecycle.ledger.SigningPolicies;
import org.medsign.hub.lifecycle.ledger.SigningPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import org.medsign.hub.seal.PermissionAction;
import org.medsign.hub.seal.SealException;
import org.medsign.hub.seal.SigningPermissions;
import org.medsign.hub.seal.SealUses;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs one durable request, exactly once: resolve the signer, apply the signing policy of the system and scenario
 * ({@link SigningPolicies}: a person's signature needs their confirmation of the request's task, or under
 * {@code window} an open window of theirs; without either the request waits as a pending task, see
 * {@link SigningTasks}; an organisation certificate signs only under {@code auto}), sign and
 * timestamp outside the transaction (a collaborative key, 协同签名: the signature its device's round made, or one made
 * under a window the device delegated, {@link WindowDelegations}; never by the hub alone), then hand the result to the {@link SignatureRecorder}, which in one (group-committed)
 * transaction re-checks that nobody finished it meanwhile, writes the signature record, marks the request DONE and
 * appends the audit event. A redelivered message for a finished request does nothing.
 * Refusals (unknown signer, frozen certificate…) end the request as FAILED; transient failures (TSA, database) are
 * rethrown so that the broker redelivers, and the last of {@link SigningProperties#maxAttempts()} attempts parks the
 * request as DEAD_LETTER. Both publish {@link RequestFailed}, from which the system's failure notice follows.
 */
@Component
public class SigningWorker {

    private static final Logger log = LoggerFactory.getLogger(SigningWorker.class);

    private final SigningRequestRepository requests;
    private final SignerResolver resolver;
    private final SigningAuthorizations windows;
    private final SigningPolicies policies;
    private final SignatureMaker maker;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final SigningCompletions completions;
    private final SigningMetrics metrics;
    private final SigningProperties properties;
    private final SignatureRecorder recorder;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final DurableReads durable;
    private final DeadLetters deadLetters;
    private final SigningTasks tasks;
    private final WindowDelegations delegations;
    private final SealUses sealUses;
    /** The post-based permission matrix (岗位权限), asked for every personal signature and every seal use. */
    private final SigningPermissions permissions;

    public SigningWorker(SigningRequestRepository requests, SignerResolver resolver, SigningAuthorizations windows,
                         SigningPolicies policies,
                         SignatureMaker maker, AuditLog audit, TransactionTemplate transactions,
                         SigningCompletions completions, SigningMetrics metrics, SigningProperties properties,
                         SignatureRecorder recorder, org.springframework.context.ApplicationEventPublisher events,
                         DurableReads durable, DeadLetters deadLetters, SigningTasks tasks,
                         WindowDelegations delegations, SealUses sealUses, SigningPermissions permissions) {
        this.permissions = permissions;
        this.sealUses = sealUses;
        this.delegations = delegations;
        this.requests = requests;
        this.resolver = resolver;
        this.windows = windows;
        this.policies = policies;
        this.maker = maker;
        this.audit = audit;
        this.transactions = transactions;
        this.completions = completions;
        this.metrics = metrics;
        this.properties = properties;
        this.recorder = recorder;
        this.events = events;
        this.durable = durable;
        this.deadLetters = deadLetters;
        this.tasks = tasks;
    }

    /** Processes the request with internal id {@code pk} (the intake queue's message body). */
    public void process(long pk) {
        var found = requests.find(pk);
        if (found.isEmpty()) {
            log.warn("Intake message for unknown request {} dropped", pk);
            return;
        }
        SigningRequestRepository.Stored stored = found.get();
        SigningRequest request = stored.request();
        MDC.put("system", request.systemId());
        MDC.put("requestId", request.requestId());
        try {
            if (stored.status().isFinal() || stored.status() == RequestStatus.PENDING) {
                durable.barrier(); // a redelivery may read another thread's commit before it is on disk
                if (stored.status().isFinal()) {
                    events.publishEvent(new FinishedRequestRedelivered(pk, request.systemId()));
                }
                completions.signal(pk);
                return;
            }
            Instant now = Instant.now();
            ResolvedSigner signer;
            try {
                signer = resolver.resolve(request.systemId(), request.signer(), now);
            } catch (SigningException refused) {
                fail(pk, request, null, refused.code(), refused.getMessage());
                return;
            }
            SigningPolicies.Rule rule = policies.rule(request.systemId(), request.scenario());
            SigningPolicy policy = rule.policy();
            if (signer.organisation() && policy != SigningPolicy.AUTO) {
                fail(pk, request, signer.staffId(), ErrorCode.POLICY_FORBIDS_SIGNER, "an organisation certificate "
                        + "signs only where the policy is auto; here it is " + policy.label());
                return;
            }
            java.util.Optional<String> notPermitted = signer.organisation() || request.operation() == Operation.PDF
                    ? java.util.Optional.empty()
                    : permissions.refusal(request.systemId(), request.scenario(), request.documentType(),
                            signer.staffId(), PermissionAction.SIGN);
            if (notPermitted.isPresent()) {
                // the post-based permission matrix (岗位权限): final, before any task or window is consulted
                fail(pk, request, signer.staffId(), ErrorCode.POST_NOT_PERMITTED, notPermitted.get());
                return;
            }
            if (rule.handwriting() && request.operation() != Operation.CMS) {
                fail(pk, request, signer.staffId(), ErrorCode.HANDWRITING_REQUIRED, "this scenario needs the "
                        + "signer's handwriting, which only a CMS signature carries: send the document for CMS");
                return;
            }
            SealUses.Chosen seal = null;
            if (request.operation() == Operation.PDF) {
                try {
                    seal = sealUses.choose(request.options().pdf().sealId(), signer.staffId(), request.systemId(),
                            request.scenario(), now);
                } catch (SealException refused) {
                    fail(pk, request, signer.staffId(), refused.code(), refused.getMessage());
                    return;
                }
                // an organisation seal: may this person have it applied; a personal one: may they sign, and seal
                List<PermissionAction> actions = signer.organisation() ? List.of()
                        : seal.organisation() ? List.of(PermissionAction.seal(seal.seal().kind(), seal.seal().specialType()))
                        : List.of(PermissionAction.SIGN, PermissionAction.seal(seal.seal().kind(), null));
                for (PermissionAction action : actions) {
                    java.util.Optional<String> refusal = permissions.refusal(request.systemId(), request.scenario(),
                            request.documentType(), signer.staffId(), action);
                    if (refusal.isPresent()) {
                        fail(pk, request, signer.staffId(), ErrorCode.POST_NOT_PERMITTED, refusal.get());
                        return;
                    }
                }
                if (seal.organisation()) {
                    // an organisation seal (科室章, 院章, 专用章): applied by the hub with the unit's certificate for
                    // the person who asked, as the permission matrix allows; no person's key signs
                    ResolvedSigner unit;
                    try {
                        unit = resolver.resolveStaff(seal.signerStaffId(), now);
                    } catch (SigningException refused) {
                        fail(pk, request, signer.staffId(), refused.code(), refused.getMessage());
                        return;
                    }
                    SealUses.Chosen chosen = seal;
                    sign(pk, request, unit, () -> maker.signPdf(request, unit, chosen), null);
                    return;
                }
                if (signer.collaborative()) {
                    fail(pk, request, signer.staffId(), ErrorCode.COLLAB_PDF_UNSUPPORTED, "the signer's key is "
                            + "collaborative; a visible PDF signature needs a hub-held key: sign the PDF as a CMS "
                            + "document, or apply an organisation seal");
                    return;
                }
            }
            HandwritingImages.Checked handwriting = null;
            java.util.function.Supplier<SignatureMaker.Made> making;
            if (signer.collaborative()) {
                // the hub cannot sign alone: the device's round made the signature, or a window it delegated to
                boolean confirmed = tasks.confirmedBy(pk, signer.staffId());
                java.util.Optional<byte[]> cosigned = confirmed ? tasks.cosignedOf(pk) : java.util.Optional.empty();
                java.util.Optional<org.medsign.crypto.collab.CollabDelegation> delegated = cosigned.isEmpty()
                        && rule.policy() == SigningPolicy.WINDOW && !rule.handwriting()
                        ? delegations.covering(signer.staffId(), signer.credential().serial(), request.systemId(),
                                request.scenario(), now)
                        : java.util.Optional.empty();
                if (cosigned.isPresent()) {
                    handwriting = tasks.handwritingOf(pk).orElse(null);
                    making = () -> maker.completeCosigned(request, signer, cosigned.get());
                } else if (delegated.isPresent()) {
                    making = () -> maker.signDelegated(request, signer, delegated.get());
                } else if (confirmed) {
                    // confirmed with the PIN alone while the key was hub-held; the key became collaborative since
                    fail(pk, request, signer.staffId(), ErrorCode.COLLAB_ROUND_REQUIRED, "the signer's key became "
                            + "collaborative after the confirmation: send the document again and confirm it on the "
                            + "device");
                    return;
                } else {
                    tasks.hold(pk, request, signer.staffId(), rule.handwriting());
                    metrics.outcome(request.systemId(), "pending");
                    completions.signal(pk);
                    return;
                }
            } else {
                if (!signer.organisation() && !permitted(pk, request, signer, rule, now)) {
                    // neither a confirmation nor (under window) an open window: the signer decides, nothing is signed
                    tasks.hold(pk, request, signer.staffId(), rule.handwriting());
                    metrics.outcome(request.systemId(), "pending");
                    completions.signal(pk);
                    return;
                }
                handwriting = signer.organisation() ? null : tasks.handwritingOf(pk).orElse(null);
                HandwritingImages.Checked drawn = handwriting;
                SealUses.Chosen chosen = seal;
                making = chosen != null ? () -> maker.signPdf(request, signer, chosen)
                        : () -> maker.sign(request, signer, drawn);
            }
            if (rule.handwriting() && handwriting == null) {
                // confirmed before the policy asked for handwriting: the signer confirms again, with it
                fail(pk, request, signer.staffId(), ErrorCode.HANDWRITING_REQUIRED, "this scenario needs the "
                        + "signer's handwriting and the confirmation carried none");
                return;
            }
            sign(pk, request, signer, making, handwriting);
        } finally {
            MDC.remove("system");
            MDC.remove("requestId");
        }
    }

    /** Makes the signature outside any transaction, then records it (or refuses, retries or parks the request). */
    private void sign(long pk, SigningRequest request, ResolvedSigner signer,
                      java.util.function.Supplier<SignatureMaker.Made> making, HandwritingImages.Checked handwriting) {
        SignatureMaker.Made made;
        try {
            made = making.get();
        } catch (TimestampException | DataAccessException transientFailure) {
            retryOrPark(pk, request, transientFailure);
            return;
        } catch (HubException | MedsignCryptoException refused) {
            if (refused instanceof HubException h && h.code() == ErrorCode.SIGNER_KEY_MISSING
                    && replacedMeanwhile(request, signer)) {
                // the certificate was replaced while this request was being signed (a device activation
                // destroys the hub-held key): start again with the signer's current certificate
                process(pk);
                return;
            }
            if (refused instanceof HubException h && h.category() == OutcomeCategory.TRANSIENT) {
                retryOrPark(pk, request, h);
                return;
            }
            ErrorCode code = refused instanceof HubException h ? h.code() : ErrorCode.SIGNING_FAILED;
            fail(pk, request, signer.staffId(), code, refused.getMessage());
            return;
        }
        boolean recorded = recorder.record(pk, request, signer, made, handwriting);
        if (recorded) {
            metrics.signed(request.systemId(), made.artifact().signedAt());
            events.publishEvent(new DocumentSigned(pk, made.artifact().signatureId(), request.systemId()));
            // the caller waiting on this node answers with what was just committed, without reading it back
            completions.signal(pk, new SigningOutcome(pk, RequestStatus.DONE, made.artifact(), null, null));
            return;
        }
        completions.signal(pk);
    }

    /** Whether the signer now resolves to another certificate than the one this attempt used. */
    private boolean replacedMeanwhile(SigningRequest request, ResolvedSigner used) {
        try {
            return !resolver.resolveStaff(used.staffId(), Instant.now()).credential().serial()
                    .equals(used.credential().serial());
        } catch (SigningException refused) {
            return false;
        }
    }

    /**
     * Whether a person's signature may be made now: they confirmed this request's task, or the policy is
     * {@code window} and they hold an open window for the system and scenario. {@code auto} counts as {@code confirm}
     * for a person: no person's key signs without the person. Where handwriting is required, no window counts: each
     * document is confirmed with its own handwriting.
     */
    private boolean permitted(long pk, SigningRequest request, ResolvedSigner signer, SigningPolicies.Rule rule,
                              Instant now) {
        if (rule.policy() == SigningPolicy.WINDOW && !rule.handwriting()
                && windows.windowCovers(signer.staffId(), request.systemId(), request.scenario(), now)) {
            return true;
        }
        return tasks.confirmedBy(pk, signer.staffId());
    }

    private void fail(long pk, SigningRequest request, String staffId, ErrorCode code, String detail) {
        transactions.executeWithoutResult(status -> {
            SigningRequestRepository.Stored locked = requests.lock(pk).orElseThrow();
            if (locked.status().isFinal()) {
                return;
            }
            requests.mark(pk, RequestStatus.FAILED, staffId, code, detail);
            audit.append(AuditEvent.failure(actor(request), "SYSTEM", "SIGN_REFUSED",
                    request.systemId() + "/" + request.requestId(), code.name()));
        });
        log.info("Signing request refused: {}", code);
        metrics.outcome(request.systemId(), "failed");
        completions.signal(pk);
        events.publishEvent(new RequestFailed(pk, request.systemId(), RequestStatus.FAILED, code, detail));
    }

    /**
     * A transient failure: rethrown so that the broker redelivers with back-off; on the last attempt the request is
     * parked instead (DEAD_LETTER, its id on the dead-letter queue, the failure notice queued) and the delivery ends
     * normally, so that parking, notice and consumption commit together in the intake's JMS transaction.
     */
    private void retryOrPark(long pk, SigningRequest request, RuntimeException failure) {
        int attempts;
        try {
            attempts = requests.countAttempt(pk);
        } catch (RuntimeException bookkeeping) {
            log.warn("Could not record the failed attempt: {}", bookkeeping.getClass().getSimpleName());
            throw failure;
        }
        log.warn("Signing attempt {} failed ({}); the broker will redeliver", attempts,
                failure.getClass().getSimpleName());
        if (attempts < properties.maxAttempts()) {
            throw failure;
        }
        String detail = cause(failure) + " (" + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")";
        requests.mark(pk, RequestStatus.DEAD_LETTER, null, ErrorCode.INFRASTRUCTURE_FAILURE, detail);
        audit.append(AuditEvent.failure(actor(request), "SYSTEM", "SIGN_DEAD_LETTER",
                request.systemId() + "/" + request.requestId(), failure.getClass().getSimpleName()));
        deadLetters.park(pk);
        metrics.outcome(request.systemId(), "failed");
        completions.signal(pk);
        events.publishEvent(new RequestFailed(pk, request.systemId(), RequestStatus.DEAD_LETTER,
                ErrorCode.INFRASTRUCTURE_FAILURE, detail));
    }

    private static String cause(RuntimeException failure) {
        if (failure instanceof TimestampException) {
            return "timestamp authority unavailable";
        }
        if (failure instanceof DataAccessException) {
            return "database unavailable";
        }
        return failure instanceof HubException h ? h.code().sentence() : "service unavailable";
    }

    private static String actor(SigningRequest request) {
        return "system:" + request.systemId();
    }
}
