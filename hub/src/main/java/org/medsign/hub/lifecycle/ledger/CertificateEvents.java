package org.medsign.hub.lifecycle.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.medsign.hub.lifecycle.CertificateChanged;
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
    private final StaffCertificateRepository certificates;
    private final ApplicationEventPublisher publisher;

    public CertificateEvents(JdbcClient jdbc, StaffCertificateRepository certificates,
                             ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.certificates = certificates;
        this.publisher = publisher;
    }

    /** Records a change (called with each history entry) when it is one the systems must learn about. */
    void recorded(String serial, String operator, String action, String reason, String oldState, String newState) {
        if (BOOKKEEPING.contains(action)) {
            return;
        }
        String staffId = certificates.holderOf(serial).orElse(null);
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

    /** A recorded change as the systems are told of it. */
    public record Change(long id, String serial, String staffId, String action, String oldStatus, String newStatus,
                         String reason, Instant eventTime) {
    }

    /** Ids of the changes not yet dispatched, oldest first. */
    public List<Long> undispatched() {
        return jdbc.sql("SELECT id FROM certificate_event WHERE dispatched_at IS NULL ORDER BY id").query(Long.class)
                .list();
    }

    /** The change, unless it is unknown or dispatched before. */
    public Optional<Change> undispatched(long id) {
        return jdbc.sql(CHANGE + " WHERE id = ? AND dispatched_at IS NULL").param(id).query(CertificateEvents::change)
                .optional();
    }

    /** The change. */
    public Change find(long id) {
        return jdbc.sql(CHANGE + " WHERE id = ?").param(id).query(CertificateEvents::change).single();
    }

    /** Locks the change's row until the caller's transaction ends (one delivery per system at a time). */
    public void lock(long id) {
        jdbc.sql("SELECT id FROM certificate_event WHERE id = ? FOR UPDATE").param(id).query(Long.class).single();
    }

    /** Marks the change dispatched to every system that should have it. */
    public void markDispatched(long id, Instant now) {
        jdbc.sql("UPDATE certificate_event SET dispatched_at = ? WHERE id = ?").params(Timestamp.from(now), id)
                .update();
    }

    /** Ids of the changes dispatched before {@code cutoff} (their deliveries go first when they are deleted). */
    public List<Long> dispatchedBefore(Instant cutoff) {
        return jdbc.sql("SELECT id FROM certificate_event WHERE dispatched_at IS NOT NULL AND dispatched_at < ?")
                .param(Timestamp.from(cutoff)).query(Long.class).list();
    }

    /** Deletes the changes dispatched before {@code cutoff} (retention); returns how many. */
    public int deleteDispatchedBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM certificate_event WHERE dispatched_at IS NOT NULL AND dispatched_at < ?")
                .param(Timestamp.from(cutoff)).update();
    }

    private static final String CHANGE = "SELECT id, serial, staff_id, action, old_status, new_status, reason, "
            + "event_time FROM certificate_event";

    private static Change change(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant());
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
