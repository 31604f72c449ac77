package org.medsign.hub.signing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Makes what a reader has just seen durable before the hub answers with it.
 *
 * <p>PostgreSQL makes a commit visible only after its WAL record is flushed, so what a reader sees is already
 * durable. H2 (the embedded default) marks a transaction committed in memory a moment before the committing thread
 * writes its chunk to the file; a reader polling in that moment would see DONE, answer 200, and a SIGKILL right then
 * would lose the signature the caller was told about. {@link #barrier()} closes that window on H2 with
 * {@code CHECKPOINT}, which waits for the store lock and writes whatever is committed but not yet stored. It is
 * needed only where an answer rests on another thread's commit (polled outcomes, status lookups, resubmissions);
 * a thread that committed itself already returned from a durable commit.
 */
@Component
class DurableReads {

    private final DataSource dataSource;
    private final boolean h2;

    DurableReads(DataSource dataSource) throws SQLException {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection()) {
            this.h2 = "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        }
    }

    /** Returns once everything committed so far is on disk (H2) — at once on PostgreSQL. */
    void barrier() {
        if (!h2) {
            return;
        }
        // its own pooled connection: never inside the caller's transaction
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("could not make committed work durable", e);
        }
    }
}
