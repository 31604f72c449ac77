package org.medsign.hub.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningResult;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.medsign.hub.signing.DocumentSigned;
import org.medsign.hub.signing.FinishedRequestRedelivered;
import org.medsign.hub.signing.RequestCompanion;
import org.medsign.hub.signing.RequestFailed;
import org.medsign.hub.signing.SigningQueue;
import org.medsign.hub.signing.SigningRequestRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jms.JmsException;
import org.springframework.jms.connection.DelegatingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Answers to the systems: remembers how to answer a request (reply context, original message sealed), queues the
 * answer when the request reaches a final status, and hands a {@link SigningResult} to the system's outbound route,
 * which renders it in the system's protocol: the signed result, or the failure notice (refused, or failed after its
 * retries; HL7 failure message, row status, error file). Sending is retried by the broker and dead-lettered
 * ({@code DLQ.medsign.replies}); unanswered final requests are queued again at start, when their intake message is
 * redelivered (the broker transaction that held the answer was lost) and, at most every {@value #REQUEUE_MINUTES}
 * minutes, while they stay unanswered.
 *
 * <p>Exactly one final answer: the reply row is locked while its answer is sent and records the status it answered
 * ({@code answered_status}); a final status is answered once, and a request answers again only when a replay or a
 * resend changed its final status (a dead letter that ends signed or refused), which the new answer supersedes.
 * Failure notices are counted per system and category ({@code medsign.failure.notices}).
 */
@Component
public class Replies {

    /** Minutes between two queueings of the same unanswered answer (a system that is down is not flooded). */
    static final int REQUEUE_MINUTES = 15;
    /** Attempts to queue an answer (1 s, 2 s, 3 s … apart: a broker fail-over) before the re-queue takes over. */
    static final int SEND_ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final ReplyContextRepository contexts;
    private final KeyEncryptionKey kek;
    private final JmsTemplate jms;
    private final SigningRequestRepository requests;
    private final SignatureRecordRepository signatures;
    private final ProducerTemplate producer;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    public Replies(ReplyContextRepository contexts, KeyEncryptionKey kek, JmsTemplate jms,
                   SigningRequestRepository requests, SignatureRecordRepository signatures, ProducerTemplate producer,
                   AuditLog audit, TransactionTemplate transactions, MeterRegistry meters) {
        this.contexts = contexts;
        this.signatures = signatures;
        this.kek = kek;
        // its own sends, outside the broker transaction of the intake listener that signs (a template on the same
        // connection factory would join that transaction): an answer queued here is durable at once and is not lost
        // with the intake's acknowledgement when the broker fails over between the two
        DelegatingConnectionFactory own = new DelegatingConnectionFactory();
        own.setTargetConnectionFactory(jms.getConnectionFactory());
        this.jms = new JmsTemplate(own);
        this.jms.setMessageConverter(jms.getMessageConverter());
        this.jms.setSessionTransacted(false);
        this.requests = requests;
        this.producer = producer;
        this.audit = audit;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * How to answer a request, as the intake's companion: stored in the transaction that inserts a new request (a new
     * request is not final, so nothing is queued yet; its outcome's event finds the context), remembered for one
     * stored before ({@link #remember}).
     */
    public RequestCompanion companion(ReplyContext reply) {
        return new RequestCompanion() {
            @Override
            public void inserted(long requestPk) {
                insert(requestPk, reply);
            }

            @Override
            public void existing(long requestPk) {
                remember(requestPk, reply);
            }
        };
    }

    /** Remembers how to answer a request (first context wins); queues the answer if it is already finished. */
    public void remember(long requestPk, ReplyContext reply) {
        try {
            insert(requestPk, reply);
        } catch (org.springframework.dao.DuplicateKeyException known) {
            log.debug("reply context of request {} was stored before", requestPk);
        }
        requests.state(requestPk).filter(state -> state.status().isFinal())
                .ifPresent(state -> enqueue(requestPk, true));
    }

    private void insert(long requestPk, ReplyContext reply) {
        contexts.insert(requestPk, reply.endpoint(), reply.signerCode(),
                kek.seal(reply.original().getBytes(StandardCharsets.UTF_8), "reply/" + requestPk));
    }

    @EventListener
    void onSigned(DocumentSigned event) {
        enqueueIfWanted(event.requestPk());
    }

    @EventListener
    void onFailed(RequestFailed event) {
        enqueueIfWanted(event.requestPk());
    }

    /**
     * A finished request came through the intake again: the broker transaction of its first delivery, which also held
     * the queued answer, was lost (broker failover, node killed). Queue the answer again if it is still owed; the
     * reply row's lock and {@code answered_status} keep it to one answer.
     */
    @EventListener
    void onRedelivered(FinishedRequestRedelivered event) {
        contexts.possiblyUnansweredOne(event.requestPk()).ifPresent(unanswered -> {
            log.info("Queued the answer of request {} again (its intake message was redelivered)", event.requestPk());
            enqueue(event.requestPk(), true);
        });
    }

    // the first queueing of an answer, when its request ends: not marked (one statement and, on H2, one commit less
    // per result); the sweep takes an unmarked context only once it is older than its period
    private void enqueueIfWanted(long requestPk) {
        if (contexts.exists(requestPk)) {
            enqueue(requestPk, false);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void requeueUnsent() {
        requeue(Instant.now().plusSeconds(1));
    }

    /** Queues again the answers of final requests still unanswered and not queued in the last minutes. */
    @Scheduled(fixedDelay = REQUEUE_MINUTES * 60_000L, initialDelay = REQUEUE_MINUTES * 60_000L)
    void requeueUnanswered() {
        requeue(Instant.now().minus(Duration.ofMinutes(REQUEUE_MINUTES)));
    }

    private void requeue(Instant queuedBefore) {
        List<ReplyContextRepository.Unanswered> candidates = contexts.possiblyUnanswered(queuedBefore);
        Map<Long, RequestStatus> statuses = requests.statuses(candidates.stream()
                .map(ReplyContextRepository.Unanswered::requestPk).toList());
        List<Long> unsent = candidates.stream().filter(candidate -> {
            RequestStatus status = statuses.get(candidate.requestPk());
            return status != null && status.isFinal() && !status.name().equals(candidate.answeredStatus());
        }).map(ReplyContextRepository.Unanswered::requestPk).sorted().toList();
        unsent.forEach(pk -> enqueue(pk, true));
        if (!unsent.isEmpty()) {
            log.info("Queued {} unanswered result(s)", unsent.size());
        }
    }

    /** Queues a request's answer; {@code mark}: notes the time, so that the sweep leaves it for its period. */
    private void enqueue(long requestPk, boolean mark) {
        if (mark) {
            contexts.markQueued(requestPk);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                jms.convertAndSend(SigningQueue.REPLIES, Long.toString(requestPk));
                return;
            } catch (JmsException e) {
                if (attempt == SEND_ATTEMPTS) {
                    log.warn("Could not queue the result of request {}: {}", requestPk, e.getClass().getSimpleName());
                    return;
                }
                // a broker fail-over takes seconds: try again (a second message for one answer is harmless, the
                // reply row's lock and answered_status keep it to one answer)
                try {
                    Thread.sleep(1000L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Builds and sends the answers of several finished requests in one transaction (the reply consumers' batch,
     * {@link ReplyConsumers}): their reply rows locked with one statement, the answers sent in the given order, the
     * rows marked answered and the {@code RESULT_SENT} events appended after the last send, one commit for all. When
     * an answer cannot be sent, its system's later answers in the batch are left too (they keep their order); the
     * others are sent and recorded, and the caller rolls the broker's delivery back so that the left ones are
     * retried, the recorded ones are then found answered. A database failure throws and rolls everything back.
     *
     * @return the failures of the answers it could not send (each system's first), empty when all were sent
     */
    public List<RuntimeException> sendAll(List<Long> requestPks) {
        return transactions.execute(tx -> sendLocked(requestPks));
    }

    private record Sent(long requestPk, SigningRequestRepository.State state, String endpoint, String target) {
    }

    private List<RuntimeException> sendLocked(List<Long> requestPks) {
        Map<Long, ReplyContextRepository.Stored> locked = contexts.lockAll(requestPks);
        Map<String, RuntimeException> failed = new LinkedHashMap<>();
        List<Sent> sent = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (long requestPk : requestPks) {
            ReplyContextRepository.Stored context = locked.get(requestPk);
            if (context == null || !seen.add(requestPk) || failed.containsKey(context.endpoint())) {
                continue;
            }
            try {
                answer(requestPk, context).ifPresent(sent::add);
            } catch (DataAccessException database) {
                throw database; // the transaction is unusable (PostgreSQL): everything rolls back
            } catch (RuntimeException e) {
                failed.put(context.endpoint(), e);
            }
        }
        // bookkeeping after the last send: the node's audit head is held from the first event to the commit, so the
        // events are appended together instead of between sends
        for (Sent answered : sent) {
            contexts.markAnswered(answered.requestPk(), answered.state().status().name());
            SigningRequestRepository.State state = answered.state();
            boolean signed = state.status() == RequestStatus.DONE;
            audit.append(AuditEvent.success("hub", "SYSTEM", "RESULT_SENT", answered.target(), answered.endpoint()
                    + (signed ? "" : " " + state.errorCode().name())));
            if (!signed) {
                Counter.builder("medsign.failure.notices")
                        .description("Failure notices sent to systems after acceptance, by system and category")
                        .tag("system", state.systemId()).tag("category", state.errorCode().category().name())
                        .register(meters).increment();
            }
        }
        return List.copyOf(failed.values());
    }

    /** Sends one answer unless it is not due (not final, or this status answered already). */
    private Optional<Sent> answer(long requestPk, ReplyContextRepository.Stored context) {
        SigningRequestRepository.State state = requests.state(requestPk)
                .orElseThrow(() -> new IllegalStateException("request " + requestPk + " is unknown"));
        if (!state.status().isFinal() || state.status().name().equals(context.answeredStatus())) {
            return Optional.empty(); // not finished (a replay is under way), or this outcome was answered already
        }
        ReplyContext reply = new ReplyContext(context.endpoint(), context.signerCode(),
                new String(kek.open(context.original(), "reply/" + requestPk), StandardCharsets.UTF_8));
        SigningResult result;
        String target;
        if (state.status() == RequestStatus.DONE) {
            result = SigningResult.signed(signatures.artifact(state.signatureId()).orElseThrow(
                    () -> new IllegalStateException("request " + requestPk + " has no signature record")), reply);
            target = state.signatureId();
        } else {
            result = new SigningResult(state.status(), null, state.errorCode(), state.errorDetail(), reply);
            target = "request/" + requestPk;
        }
        producer.sendBody(context.endpoint(), result);
        return Optional.of(new Sent(requestPk, state, context.endpoint(), target));
    }
}
