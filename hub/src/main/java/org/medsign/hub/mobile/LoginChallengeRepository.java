package org.medsign.hub.mobile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The table {@code login_challenge} (scan-to-login challenges and their signed answers): the only class naming it. */
@Component
public class LoginChallengeRepository {

    /** The states stored; EXPIRED is never stored, it is a PENDING row past its expiry. */
    public enum Status { PENDING, CONFIRMED }

    /** A stored challenge; the answer fields are null until it is confirmed. */
    public record Row(String id, String systemId, String challenge, Instant createdAt, Instant expiresAt,
                      Status status, String staffId, String account, String certificateSerial, byte[] certificate,
                      byte[] signedData, byte[] signature, Instant confirmedAt) {
    }

    /** The answer a confirmation stores. */
    public record Answer(String staffId, String account, String certificateSerial, byte[] certificate,
                         byte[] signedData, byte[] signature, Instant confirmedAt) {
    }

    private static final String SELECT = "SELECT id, system_id, challenge, created_at, expires_at, status, staff_id, "
            + "account, certificate_serial, certificate, signed_data, signature, confirmed_at FROM login_challenge";

    private final JdbcClient jdbc;

    public LoginChallengeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new pending challenge. */
    public void insert(String id, String systemId, String challenge, Instant createdAt, Instant expiresAt) {
        jdbc.sql("INSERT INTO login_challenge (id, system_id, challenge, created_at, expires_at, status) "
                        + "VALUES (?, ?, ?, ?, ?, 'PENDING')")
                .params(id, systemId, challenge, Timestamp.from(createdAt), Timestamp.from(expiresAt)).update();
    }

    /** A challenge by id. */
    public Optional<Row> find(String id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(this::map).optional();
    }

    /** Loads and row-locks a challenge (inside a transaction). */
    public Optional<Row> lock(String id) {
        return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(id).query(this::map).optional();
    }

    /** Stores the answer if the challenge is still pending and unexpired at {@code answer.confirmedAt}; else false. */
    public boolean confirm(String id, Answer answer) {
        Timestamp at = Timestamp.from(answer.confirmedAt());
        return jdbc.sql("UPDATE login_challenge SET status = 'CONFIRMED', staff_id = ?, account = ?, "
                        + "certificate_serial = ?, certificate = ?, signed_data = ?, signature = ?, confirmed_at = ? "
                        + "WHERE id = ? AND status = 'PENDING' AND expires_at > ?")
                .params(answer.staffId(), answer.account(), answer.certificateSerial(), answer.certificate(),
                        answer.signedData(), answer.signature(), at, id, at)
                .update() == 1;
    }

    /** Removes challenges that expired before {@code cutoff}, confirmed or not (retention); returns how many. */
    public int deleteExpiredBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM login_challenge WHERE expires_at < ?").param(Timestamp.from(cutoff)).update();
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5).toInstant(), Status.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getBytes(10), rs.getBytes(11), rs.getBytes(12),
                rs.getTimestamp(13) == null ? null : rs.getTimestamp(13).toInstant());
    }
}
