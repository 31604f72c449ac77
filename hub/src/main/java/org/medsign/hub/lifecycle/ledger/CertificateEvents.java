package org.medsign.hub.lifecycle.ledger;

import org.medsign.hub.lifecycle.CertificateChanged;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox of certificate lifecycle changes (状态同步): every change a relying system must know about — issued,
 * frozen, unfrozen, revoked, renewed, superseded, reissued — is written to {@code certificate_event} in the
 * transaction of the change and announced with {@link CertificateChanged} once that transaction commits (one
 * announcement per transaction). Ledger bookkeeping (an import recording a
 * certificate, its bound systems changing) is history only, not an event.
 */
@Component
public class CertificateEvents {

    /** History actions that are not status changes for relying systems. */
    private static final Set<String> BOOKKEEPING = Set.of("IMPORTED", "LEDGER_UPDATED", "BINDINGS_CHANGED");

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;

    public CertificateEvents(JdbcClient jdbc, ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.publisher = publisher;
    }

    /** Records a change (called with each history entry) when it is one the systems must learn about. */
    void recorded(String serial, String operator, String action, String reason, String oldState, String newState) {
        if (BOOKKEEPING.contains(action)) {
            return;
        }
        String staffId = jdbc.sql("SELECT staff_id FROM staff_certificate WHERE serial = ?").param(serial)
                .query(String.class).optional().orElse(null);
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO certificate_event (serial, staff_id, action, old_status, new_status, reason, operator, "
                        + "event_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(serial, staffId, action, status(oldState), status(newState),
                        reason == null || reason.length() <= 500 ? reason : reason.substring(0, 500), operator,
                        Timestamp.from(Instant.now()))
                .update(key, "id");
        long id = key.getKey().longValue();
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            publisher.publishEvent(new CertificateChanged(List.of(id)));
            return;
        }
        // one announcement per transaction: the synchronizations are per transaction (a REQUIRES_NEW one has its own)
        PendingEvents pending = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(PendingEvents.class::isInstance).map(PendingEvents.class::cast).findFirst().orElse(null);
        if (pending == null) {
            pending = new PendingEvents();
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.ids.add(id);
    }

    /** The events written in one transaction, announced after it commits. */
    private final class PendingEvents implements TransactionSynchronization {
        private final List<Long> ids = new ArrayList<>();

        @Override
        public void afterCommit() {
            publisher.publishEvent(new CertificateChanged(ids));
        }
    }

    /** The {@code status=…} part of a history state text, or null. */
    static String status(String state) {
        if (state == null) {
            return null;
        }
        for (String part : state.split(";")) {
            String trimmed = part.trim();
            if (trimmed.startsWith("status=")) {
                String value = trimmed.substring("status=".length()).trim();
                return value.isEmpty() ? null : value.length() > 16 ? value.substring(0, 16) : value;
            }
        }
        return null;
    }
}
