package org.medsign.hub.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockExtender;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.medsign.hub.HubProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Cluster-wide locks for the one-node jobs: ShedLock's JDBC lock provider over the table {@value #TABLE} (Flyway V15)
 * in the hub's database, with the database's clock ({@code usingDbTime()}: nodes' clocks may differ) and this node's
 * name ({@code medsign.node}) as the holder. A lock is a row: taking it is one conditional UPDATE (or the first
 * INSERT), so exactly one node wins; it is released when the job ends, and a node that dies holding it loses it when
 * {@code lockAtMostFor} has passed. Node names must differ across the cluster (a lock is released and extended by
 * name).
 */
@Component
public class ClusterLocks {

    /** The lock table. */
    public static final String TABLE = "shedlock";

    private final LockingTaskExecutor executor;
    private final String node;

    @Autowired
    public ClusterLocks(DataSource dataSource, PlatformTransactionManager transactions, HubProperties hub) {
        this(dataSource, transactions, hub.node());
    }

    /** Locks held in the name of {@code node} (tests stand in for a second node with this). */
    public ClusterLocks(DataSource dataSource, PlatformTransactionManager transactions, String node) {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("medsign.node must name this node (the holder of its cluster locks)");
        }
        this.node = node;
        this.executor = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(
                JdbcTemplateLockProvider.Configuration.builder().withJdbcTemplate(new JdbcTemplate(dataSource))
                        .withTransactionManager(transactions).withTableName(TABLE).usingDbTime()
                        .withLockedByValue(node).build()));
    }

    /** The holder name of this node's locks. */
    public String node() {
        return node;
    }

    /**
     * Runs {@code task} in this thread under the lock {@code name} if no node holds it; returns whether it ran.
     * Exceptions of the task pass through (the lock is released either way).
     */
    public boolean runIfFree(String name, Duration lockAtMostFor, Runnable task) {
        return runIfFree(name, lockAtMostFor, Duration.ZERO, task);
    }

    /**
     * {@link #runIfFree(String, Duration, Runnable)}, the lock kept at least {@code lockAtLeastFor} after the start.
     *
     * @throws LockLostException when the task found at an extension that its lock had expired
     */
    public boolean runIfFree(String name, Duration lockAtMostFor, Duration lockAtLeastFor, Runnable task) {
        AtomicReference<LockLostException> lost = new AtomicReference<>();
        boolean ran;
        try {
            ran = executor.executeWithLock(() -> {
                try {
                    task.run();
                } catch (LockLostException e) {
                    lost.set(e);
                }
                return Boolean.TRUE;
            }, new LockConfiguration(Instant.now(), name, lockAtMostFor, lockAtLeastFor)).wasExecuted();
        } catch (IllegalStateException e) {
            if (lost.get() == null) {
                throw e;
            }
            ran = true; // ShedLock refuses to release a lock whose extension failed: it is another node's now
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (lost.get() != null) {
            throw lost.get();
        }
        return ran;
    }

    /**
     * Like {@link #runIfFree}, but waits up to {@code wait} for the lock (e.g. another node's scheduled run is just
     * finishing); returns whether it ran.
     */
    public boolean runWhenFree(String name, Duration lockAtMostFor, Duration wait, Runnable task) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (runIfFree(name, lockAtMostFor, task)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /**
     * Extends the lock this thread holds to {@code lockAtMostFor} from now (a long job calls this as it makes
     * progress; a node that dies stops extending). Outside a lock (an operator's manual run) it does nothing.
     *
     * @throws LockLostException when the lock has expired meanwhile: stop, another node may be running the job
     */
    public static void extendHeld(Duration lockAtMostFor) {
        try {
            LockExtender.extendActiveLock(lockAtMostFor, Duration.ZERO);
        } catch (LockExtender.NoActiveLockException e) {
            // not a scheduled run: nothing to extend
        } catch (LockExtender.LockExtensionException e) {
            throw new LockLostException("the job's cluster lock could not be extended: " + e.getMessage(), e);
        }
    }

    /**
     * Fails unless this thread runs under a cluster lock: the first line of every one-node job, so that no path can
     * run one without its lock.
     *
     * @throws IllegalStateException "The task is not locked."
     */
    public static void assertHeld() {
        LockAssert.assertLocked();
    }
}
