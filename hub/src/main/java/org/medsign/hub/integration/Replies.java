package org.medsign.hub.integration;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningResult;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.medsign.hub.signing.DocumentSigned;
import org.medsign.hub.signing.RequestFailed;
import org.medsign.hub.signing.SigningQueue;
import org.medsign.hub.signing.SigningRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Answers to the systems: remembers how to answer a request (reply context, original message sealed), queues the
 * answer when the request reaches a final status, and hands a {@link SigningResult} to the system's outbound route,
 * which renders it in the system's protocol: the signed result, or the failure notice (refused, or failed after its
 * retries; HL7 failure message, row status, error file). Sending is retried by the broker and dead-lettered
 * ({@code DLQ.medsign.replies}); unanswered final requests are queued again at start and, at most every
 * {@value #REQUEUE_MINUTES} minutes, while they stay unanswered.
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

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;
    private final JmsTemplate jms;
    private final SigningRequests requests;
    private final ProducerTemplate producer;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    public Replies(JdbcClient jdbc, KeyEncryptionKey kek, JmsTemplate jms, SigningRequests requests,
                   ProducerTemplate producer, AuditLog audit, TransactionTemplate transactions, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.kek = kek;
        this.jms = jms;
        this.requests = requests;
        this.producer = producer;
        this.audit = audit;
        this.transactions = transactions;
        this.meters = meters;
    }

    /** Remembers how to answer a request (first context wins); queues the answer if it is already finished. */
    public void remember(long requestPk, ReplyContext reply) {
        try {
            jdbc.sql("INSERT INTO reply_context (request_pk, endpoint, signer_code, original_enc, created_at) "
                            + "VALUES (?, ?, ?, ?, ?)")
                    .params(requestPk, reply.endpoint(), reply.signerCode(),
                            kek.seal(reply.original().getBytes(StandardCharsets.UTF_8), "reply/" + requestPk),
                            Timestamp.from(Instant.now()))
                    .update();
        } catch (org.springframework.dao.DuplicateKeyException known) {
            log.debug("reply context of request {} was stored before", requestPk);
        }
        requests.state(requestPk).filter(state -> state.status().isFinal()).ifPresent(state -> enqueue(requestPk));
    }

    @EventListener
    void onSigned(DocumentSigned event) {
        enqueueIfWanted(event.requestPk());
    }

    @EventListener
    void onFailed(RequestFailed event) {
        enqueueIfWanted(event.requestPk());
    }

    private void enqueueIfWanted(long requestPk) {
        boolean wanted = jdbc.sql("SELECT COUNT(*) FROM reply_context WHERE request_pk = ?")
                .param(requestPk).query(Integer.class).single() > 0;
        if (wanted) {
            enqueue(requestPk);
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
        List<Long> unsent = jdbc.sql("SELECT r.request_pk FROM reply_context r JOIN signing_request s "
                        + "ON s.id = r.request_pk WHERE s.status IN ('DONE', 'FAILED', 'DEAD_LETTER') "
                        + "AND (r.answered_status IS NULL OR r.answered_status <> s.status) "
                        + "AND (r.queued_at IS NULL OR r.queued_at < ?)")
                .param(Timestamp.from(queuedBefore)).query(Long.class).list();
        unsent.forEach(this::enqueue);
        if (!unsent.isEmpty()) {
            log.info("Queued {} unanswered result(s)", unsent.size());
        }
    }

    private void enqueue(long requestPk) {
        try {
            jdbc.sql("UPDATE reply_context SET queued_at = ? WHERE request_pk = ?")
                    .params(Timestamp.from(Instant.now()), requestPk).update();
            jms.convertAndSend(SigningQueue.REPLIES, Long.toString(requestPk));
        } catch (JmsException e) {
            log.warn("Could not queue the result of request {}: {}", requestPk, e.getClass().getSimpleName());
        }
    }

    /**
     * Builds and sends the answer of a finished request (called by the transacted reply route); a failure of the
     * outbound route propagates, so that the broker retries.
     */
    public void send(long requestPk) {
        transactions.executeWithoutResult(tx -> sendLocked(requestPk));
    }

    private void sendLocked(long requestPk) {
        record Context(String endpoint, String signerCode, byte[] original, String answered) {
        }
        Optional<Context> found = jdbc.sql("SELECT endpoint, signer_code, original_enc, answered_status "
                        + "FROM reply_context WHERE request_pk = ? FOR UPDATE").param(requestPk)
                .query((rs, n) -> new Context(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getString(4)))
                .optional();
        if (found.isEmpty()) {
            return;
        }
        Context context = found.get();
        SigningRequests.State state = requests.state(requestPk)
                .orElseThrow(() -> new IllegalStateException("request " + requestPk + " is unknown"));
        if (!state.status().isFinal() || state.status().name().equals(context.answered())) {
            return; // not finished (a replay is under way), or this outcome was answered already
        }
        ReplyContext reply = new ReplyContext(context.endpoint(), context.signerCode(),
                new String(kek.open(context.original(), "reply/" + requestPk), StandardCharsets.UTF_8));
        SigningResult result;
        String target;
        if (state.status() == RequestStatus.DONE) {
            result = SigningResult.signed(requests.signature(state.signatureId()).orElseThrow(
                    () -> new IllegalStateException("request " + requestPk + " has no signature record")), reply);
            target = state.signatureId();
        } else {
            result = new SigningResult(state.status(), null, state.errorCode(), state.errorDetail(), reply);
            target = "request/" + requestPk;
        }
        producer.sendBody(context.endpoint(), result);
        jdbc.sql("UPDATE reply_context SET sent_at = ?, answered_status = ? WHERE request_pk = ?")
                .params(Timestamp.from(Instant.now()), state.status().name(), requestPk).update();
        audit.append(AuditEvent.success("hub", "SYSTEM", "RESULT_SENT", target, context.endpoint()
                + (result.isSigned() ? "" : " " + state.errorCode().name())));
        if (!result.isSigned()) {
            Counter.builder("medsign.failure.notices")
                    .description("Failure notices sent to systems after acceptance, by system and category")
                    .tag("system", state.systemId()).tag("category", state.errorCode().category().name())
                    .register(meters).increment();
        }
    }
}
