package org.medsign.hub.mobile;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The table {@code web_ticket} (web tickets of the JS SDK by hash): the only class naming it. */
@Component
public class WebTicketRepository {

    /** A stored ticket. */
    public record Row(String systemId, String requestId, Instant expiresAt, int usesLeft) {
    }

    private final JdbcClient jdbc;

    public WebTicketRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new ticket. */
    public void insert(String hash, String systemId, String requestId, Instant now, Instant expiresAt, int uses) {
        jdbc.sql("INSERT INTO web_ticket (ticket_hash, system_id, request_id, created_at, expires_at, uses_left) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(hash, systemId, requestId, Timestamp.from(now), Timestamp.from(expiresAt), uses).update();
    }

    /** The ticket with this hash, as stored. */
    public Optional<Row> find(String hash) {
        return jdbc.sql("SELECT system_id, request_id, expires_at, uses_left FROM web_ticket WHERE ticket_hash = ?")
                .param(hash).query((rs, n) -> new Row(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getInt(4))).optional();
    }

    /** Takes one use, atomically; false when none is left or the ticket has expired meanwhile. */
    public boolean takeUse(String hash, Instant now) {
        return jdbc.sql("UPDATE web_ticket SET uses_left = uses_left - 1 WHERE ticket_hash = ? AND uses_left > 0 "
                + "AND expires_at > ?").params(hash, Timestamp.from(now)).update() == 1;
    }

    /** Forgets tickets that expired before {@code before}; returns how many. */
    public int deleteExpired(Instant before) {
        return jdbc.sql("DELETE FROM web_ticket WHERE expires_at < ?").param(Timestamp.from(before)).update();
    }
}
