package org.medsign.hub.integration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which system has which certificate status change ({@code certificate_event_delivery}): what lets a retried
 * delivery skip the systems that already have it. The one class whose SQL names the table.
 */
@Component
public class StatusSyncDeliveries {

    private final JdbcClient jdbc;

    public StatusSyncDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code systemId} has the change {@code eventId}. */
    public boolean delivered(long eventId, String systemId) {
        return jdbc.sql("SELECT COUNT(*) FROM certificate_event_delivery WHERE event_id = ? AND system_id = ?")
                .params(eventId, systemId).query(Integer.class).single() > 0;
    }

    /** Records that {@code systemId} got the change {@code eventId} now. */
    public void recordDelivered(long eventId, String systemId) {
        jdbc.sql("INSERT INTO certificate_event_delivery (event_id, system_id, sent_at) VALUES (?, ?, ?)")
                .params(eventId, systemId, Timestamp.from(Instant.now())).update();
    }

    /** Forgets the deliveries of the given changes (before the changes themselves are deleted); returns how many. */
    public int deleteOfEvents(Collection<Long> eventIds) {
        List<Long> ids = List.copyOf(eventIds);
        int deleted = 0;
        for (int from = 0; from < ids.size(); from += 500) {
            deleted += jdbc.sql("DELETE FROM certificate_event_delivery WHERE event_id IN (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + 500))).update();
        }
        return deleted;
    }
}
