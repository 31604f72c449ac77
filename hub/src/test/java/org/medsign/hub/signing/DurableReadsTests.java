package org.medsign.hub.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.adapters.model.RequestStatus;

/**
 * H2 shows a commit to other sessions a moment before its chunk is on disk. An answer built on such a read must not
 * leave before the data is stored: {@link DurableReads#barrier()} writes what is pending, and a settled outcome that
 * {@link SigningCompletions} found by polling passes it. Observed through H2's own file-write counter.
 */
class DurableReadsTests {

    @TempDir
    Path dir;

    private JdbcDataSource h2;

    @BeforeEach
    void database() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("medsign") + ";WRITE_DELAY=0");
        h2.setUser("sa");
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INT)");
        }
    }

    @Test
    void barrierStoresWhatIsPendingAndNothingWhenNothingIs() throws Exception {
        DurableReads durable = new DurableReads(h2);
        try (Connection keepOpen = h2.getConnection(); Connection writer = h2.getConnection()) {
            pendingChange(writer);
            long before = fileWrites(keepOpen);
            durable.barrier();
            long after = fileWrites(keepOpen);
            assertThat(after).as("chunk writes by the barrier").isGreaterThan(before);
            durable.barrier();
            assertThat(fileWrites(keepOpen)).as("a barrier with nothing pending writes nothing").isEqualTo(after);
        }
    }

    @Test
    void aSettledOutcomeFoundByPollingIsStoredBeforeItIsReturned() throws Exception {
        SigningCompletions completions = new SigningCompletions(new DurableReads(h2));
        try (Connection keepOpen = h2.getConnection(); Connection writer = h2.getConnection()) {
            pendingChange(writer);
            long before = fileWrites(keepOpen);
            SigningOutcome outcome = completions.await(7, Duration.ofSeconds(5),
                    pk -> new SigningOutcome(pk, RequestStatus.DONE, null, null, null));
            assertThat(outcome.status()).isEqualTo(RequestStatus.DONE);
            assertThat(fileWrites(keepOpen)).as("chunk writes before the answer").isGreaterThan(before);
        }
    }

    @Test
    void anOutcomeHandedOverByItsCommittingThreadIsAnsweredAsItIsWithoutReadingOrBarrier() throws Exception {
        SigningCompletions completions = new SigningCompletions(new DurableReads(h2));
        SigningOutcome committed = new SigningOutcome(9, RequestStatus.DONE, null, null, null);
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch firstRead = new java.util.concurrent.CountDownLatch(1);
        try (Connection keepOpen = h2.getConnection(); Connection writer = h2.getConnection()) {
            pendingChange(writer);
            long before = fileWrites(keepOpen);
            java.util.concurrent.CompletableFuture<SigningOutcome> answer = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> completions.await(9, Duration.ofSeconds(30), pk -> {
                        reads.incrementAndGet();
                        firstRead.countDown();
                        return new SigningOutcome(pk, RequestStatus.RECEIVED, null, null, null);
                    }));
            firstRead.await();
            org.awaitility.Awaitility.await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(10)).until(() -> {
                completions.signal(9, committed); // until the waiter has registered and takes it
                return answer.isDone();
            });
            assertThat(answer.get()).isSameAs(committed);
            assertThat(reads.get()).as("the waiter read the request before the signal").isPositive();
            assertThat(fileWrites(keepOpen)).as("no barrier: the signalling thread had committed").isEqualTo(before);
        }
    }

    @Test
    void anOutcomeStillReceivedAtTheTimeoutNeedsNoBarrier() throws Exception {
        SigningCompletions completions = new SigningCompletions(new DurableReads(h2));
        try (Connection keepOpen = h2.getConnection(); Connection writer = h2.getConnection()) {
            pendingChange(writer);
            long before = fileWrites(keepOpen);
            SigningOutcome outcome = completions.await(8, Duration.ZERO,
                    pk -> new SigningOutcome(pk, RequestStatus.RECEIVED, null, null, null));
            assertThat(outcome.status()).isEqualTo(RequestStatus.RECEIVED);
            assertThat(fileWrites(keepOpen)).isEqualTo(before);
        }
    }

    @Test
    @org.medsign.hub.PostgresTestDatabase.Required
    void onPostgresqlTheBarrierIssuesNoStatement() throws Exception {
        org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
        pg.setURL(System.getenv("MEDSIGN_TEST_PG_URL"));
        pg.setUser(System.getenv().getOrDefault("MEDSIGN_TEST_PG_USER", "postgres"));
        pg.setPassword(System.getenv().getOrDefault("MEDSIGN_TEST_PG_PASSWORD", ""));
        DurableReads durable = new DurableReads(pg);
        try (Connection connection = pg.getConnection(); Statement statement = connection.createStatement();
             ResultSet before = statement.executeQuery("SELECT checkpoints_req FROM pg_stat_bgwriter")) {
            before.next();
            long requested = before.getLong(1);
            durable.barrier(); // CHECKPOINT would be a superuser's full checkpoint here: a visible commit is durable
            try (ResultSet after = statement.executeQuery("SELECT checkpoints_req FROM pg_stat_bgwriter")) {
                after.next();
                assertThat(after.getLong(1)).isEqualTo(requested);
            }
        }
    }

    /** An uncommitted insert: changed maps that H2 has not stored yet. */
    private static void pendingChange(Connection writer) throws Exception {
        writer.setAutoCommit(false);
        try (Statement statement = writer.createStatement()) {
            statement.execute("INSERT INTO t VALUES (1)");
        }
    }

    private static long fileWrites(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT setting_value FROM information_schema.settings WHERE setting_name = 'info.FILE_WRITE'")) {
            rs.next();
            return Long.parseLong(rs.getString(1));
        }
    }
}
