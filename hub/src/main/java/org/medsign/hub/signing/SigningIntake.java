package org.medsign.hub.signing;

import org.medsign.adapters.http.HttpOutcomes;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.model.SignedArtifact;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import jakarta.annotation.PreDestroy;

/**
 * The durable hand-off every adapter uses: persist the request (idempotency key = system + request id), enqueue its
 * id on the transacted intake queue, and optionally wait for the outcome. Once {@link #submit} returns, the request
 * survives a crash: a request persisted but not enqueued is re-enqueued by {@link IntakeRecovery}.
 */
@Component
public class SigningIntake {

    private static final Logger log = LoggerFactory.getLogger(SigningIntake.class);

    private final SigningRequestRepository requests;
    private final JmsTemplate jms;
    private final SigningCompletions completions;
    private final SigningMetrics metrics;
    private final SigningProperties properties;
    private final GroupCommit<Insert, Long> inserts;
    private final DurableReads durable;
    private final SignatureRecordRepository signatures;

    public SigningIntake(SigningRequestRepository requests, JmsTemplate jms, SigningCompletions completions,
                         SigningMetrics metrics, SigningProperties properties, SignatureRecordRepository signatures,
                         TransactionTemplate transactions, DurableReads durable) {
        this.requests = requests;
        this.jms = jms;
        this.completions = completions;
        this.metrics = metrics;
        this.properties = properties;
        this.durable = durable;
        this.signatures = signatures;
        // inserts of concurrent callers share one commit; a duplicate (system, request id) fails only its own item
        this.inserts = GroupCommit.ofItems("intake-writer", transactions, 64, insert -> {
            long pk = requests.insert(insert.prepared());
            insert.companion().inserted(pk);
            return pk;
        });
    }

    /** One request to insert, and what is written beside it in the same transaction. */
    private record Insert(SigningRequestRepository.Prepared prepared, RequestCompanion companion) {
    }

    @PreDestroy
    void stop() throws InterruptedException {
        inserts.close();
    }

    /**
     * Persists and enqueues a request; a resubmission of the same (system, request id) with the same content returns
     * the first request's outcome and signs nothing, except that a dead-lettered request (failed for a transient
     * reason, whose answer told the system to send it again later) sent again more than
     * {@link HttpOutcomes#RETRY_AFTER_SECONDS} s after it was parked is re-opened and queued again. The same id with
     * other content is refused.
     */
    public SigningOutcome submit(SigningRequest request) {
        return submit(request, RequestCompanion.NONE);
    }

    /**
     * As {@link #submit(SigningRequest)}, with rows kept beside the request: {@code companion} writes them in the
     * transaction that inserts the request, or is told of the request stored before under the same id.
     */
    public SigningOutcome submit(SigningRequest request, RequestCompanion companion) {
        if (request.content().length > properties.maxContentBytes()) {
            throw new SigningException(ErrorCode.CONTENT_TOO_LARGE, "content of " + request.content().length
                    + " bytes exceeds the limit of " + properties.maxContentBytes());
        }
        Optional<Long> inserted;
        try {
            // sealed and digested here, on the caller's thread: the writer thread only writes
            inserted = Optional.of(inserts.submit(new Insert(requests.prepare(request), companion)));
        } catch (DuplicateKeyException duplicate) {
            inserted = Optional.empty();
        }
        if (inserted.isEmpty()) {
            long pk = requests.pkOf(request.systemId(), request.requestId()).orElseThrow();
            String storedSm3 = requests.contentSm3(pk);
            if (!storedSm3.equals(HexFormat.of().formatHex(Sm3.digest(request.content())))) {
                throw new SigningException(ErrorCode.REQUEST_ID_REUSED, "request id '" + request.requestId()
                        + "' was already used for other content");
            }
            if (requests.reopenIfParkedBefore(pk, Instant.now().minusSeconds(HttpOutcomes.RETRY_AFTER_SECONDS))) {
                // the system sends again, after the Retry-After its failure answer named, what failed for a transient
                // reason: a new round, answered once it ends (sent sooner, it gets the same failure again)
                log.info("Dead-lettered request {} sent again by its system: re-opened", pk);
                enqueue(pk);
                companion.existing(pk);
                return new SigningOutcome(pk, RequestStatus.RECEIVED, null, null, null);
            }
            SigningOutcome existing = outcome(pk);
            durable.barrier(); // the first submission's commit may be visible a moment before it is on disk (H2)
            companion.existing(pk);
            return existing;
        }
        long pk = inserted.get();
        metrics.received(request.systemId());
        enqueue(pk);
        return new SigningOutcome(pk, RequestStatus.RECEIVED, null, null, null);
    }

    /** Submits and waits up to the configured sync timeout for the signature. */
    public SigningOutcome submitAndWait(SigningRequest request) {
        Instant start = Instant.now();
        SigningOutcome submitted = submit(request);
        SigningOutcome outcome = submitted.status() == RequestStatus.RECEIVED
                ? completions.await(submitted.requestPk(), properties.syncTimeout(), this::outcome) : submitted;
        metrics.latency(request.systemId(), Duration.between(start, Instant.now()));
        return outcome;
    }

    /** Puts a request id on the intake queue; failures leave it to {@link IntakeRecovery}. */
    void enqueue(long pk) {
        try {
            jms.convertAndSend(SigningQueue.REQUESTS, Long.toString(pk));
        } catch (JmsException e) {
            log.warn("Could not enqueue request {} ({}); recovery will retry", pk, e.getClass().getSimpleName());
        }
    }

    /** The current outcome of a request. */
    public SigningOutcome outcome(long pk) {
        SigningRequestRepository.State state = requests.state(pk).orElseThrow();
        SignedArtifact artifact = state.signatureId() == null ? null
                : signatures.artifact(state.signatureId()).orElse(null);
        return new SigningOutcome(pk, state.status(), artifact, state.errorCode(), state.errorDetail());
    }

    /** The outcome of (system, request id), if such a request exists; a settled one is durable. */
    public Optional<SigningOutcome> outcome(String systemId, String requestId) {
        return requests.pkOf(systemId, requestId).map(this::settledOutcome);
    }

    /** The current outcome, made durable first when it is settled (see {@link DurableReads}). */
    private SigningOutcome settledOutcome(long pk) {
        SigningOutcome outcome = outcome(pk);
        if (outcome.status() != RequestStatus.RECEIVED) {
            durable.barrier();
        }
        return outcome;
    }
}
