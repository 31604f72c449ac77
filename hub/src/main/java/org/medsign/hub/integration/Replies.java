package org.medsign.hub.integration;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.apache.camel.ProducerTemplate;
import org.medsign.adapters.hl7v2.Hl7ResultBuilder;
import org.medsign.adapters.hl7v2.Msh18Charset;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.keys.KeyEncryptionKey;
import org.medsign.hub.signing.DocumentSigned;
import org.medsign.hub.signing.SigningQueue;
import org.medsign.hub.signing.SigningRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * Result messages back to the systems: remembers how to answer a request (reply context, original message sealed),
 * queues the answer when the request is signed, and sends it through the system's outbound route. Sending is
 * retried by the broker and dead-lettered ({@code DLQ.medsign.replies}); unsent answers are queued again at start.
 */
@Component
public class Replies {

    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private final JdbcClient jdbc;
    private final KeyEncryptionKey kek;
    private final JmsTemplate jms;
    private final SigningRequests requests;
    private final ProducerTemplate producer;
    private final AuditLog audit;

    public Replies(JdbcClient jdbc, KeyEncryptionKey kek, JmsTemplate jms, SigningRequests requests,
                   ProducerTemplate producer, AuditLog audit) {
        this.jdbc = jdbc;
        this.kek = kek;
        this.jms = jms;
        this.requests = requests;
        this.producer = producer;
        this.audit = audit;
    }

    /** Remembers how to answer a request (first context wins); queues the answer if it is already signed. */
    public void remember(long requestPk, ReplyContext reply) {
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM reply_context WHERE request_pk = ?").param(requestPk)
                .query(Integer.class).single() > 0;
        if (!exists) {
            jdbc.sql("INSERT INTO reply_context (request_pk, endpoint, signer_code, original_enc, created_at) "
                            + "VALUES (?, ?, ?, ?, ?)")
                    .params(requestPk, reply.endpoint(), reply.signerCode(),
                            kek.seal(reply.original().getBytes(StandardCharsets.UTF_8), "reply/" + requestPk),
                            Timestamp.from(Instant.now()))
                    .update();
        }
        requests.state(requestPk).filter(state -> state.signatureId() != null).ifPresent(state -> enqueue(requestPk));
    }

    @EventListener
    void onSigned(DocumentSigned event) {
        boolean wanted = jdbc.sql("SELECT COUNT(*) FROM reply_context WHERE request_pk = ? AND sent_at IS NULL")
                .param(event.requestPk()).query(Integer.class).single() > 0;
        if (wanted) {
            enqueue(event.requestPk());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void requeueUnsent() {
        List<Long> unsent = jdbc.sql("SELECT r.request_pk FROM reply_context r JOIN signing_request s ON s.id = r.request_pk "
                + "WHERE r.sent_at IS NULL AND s.status = 'DONE'").query(Long.class).list();
        unsent.forEach(this::enqueue);
        if (!unsent.isEmpty()) {
            log.info("Queued {} unsent result message(s)", unsent.size());
        }
    }

    private void enqueue(long requestPk) {
        try {
            jms.convertAndSend(SigningQueue.REPLIES, Long.toString(requestPk));
        } catch (JmsException e) {
            log.warn("Could not queue the result of request {}: {}", requestPk, e.getClass().getSimpleName());
        }
    }

    /** Builds and sends the result of a signed request (called by the transacted reply route). */
    public void send(long requestPk) {
        record Context(String endpoint, String signerCode, byte[] original, Timestamp sentAt) {
        }
        Optional<Context> found = jdbc.sql("SELECT endpoint, signer_code, original_enc, sent_at FROM reply_context "
                        + "WHERE request_pk = ?").param(requestPk)
                .query((rs, n) -> new Context(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getTimestamp(4)))
                .optional();
        if (found.isEmpty() || found.get().sentAt() != null) {
            return;
        }
        Context context = found.get();
        SignedArtifact artifact = requests.state(requestPk).map(SigningRequests.State::signatureId)
                .flatMap(requests::signature).orElseThrow(() -> new IllegalStateException("request "
                        + requestPk + " is not signed"));
        String original = new String(kek.open(context.original(), "reply/" + requestPk), StandardCharsets.UTF_8);
        String result = Hl7ResultBuilder.build(original, artifact.signature(), context.signerCode(),
                artifact.signedAt().atZone(ZoneId.systemDefault()), "MEDSIGN" + requestPk);
        Charset charset = Msh18Charset.of(original.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        producer.sendBody(context.endpoint(), result.getBytes(charset));
        jdbc.sql("UPDATE reply_context SET sent_at = ? WHERE request_pk = ?").params(Timestamp.from(Instant.now()),
                requestPk).update();
        audit.append(AuditEvent.success("hub", "SYSTEM", "RESULT_SENT", artifact.signatureId(), context.endpoint()));
    }
}
