package org.medsign.hub.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The singleton jobs of a running hub (H2) against a second node that shares its database ({@link ClusterLocks} in
 * the name of {@code node-b}, as another hub process would hold them): every one-node job is known by its lock name,
 * does not run while the other node holds that lock, runs (and holds the lock in this node's name) once it is free,
 * and refuses to run outside a lock at all. The schedules are pushed far out so that only the test runs the jobs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"medsign.campaign.poll-interval=PT1H", "medsign.lifecycle.roster-scan-interval=PT1H",
                "medsign.expiry.initial-delay=PT1H", "medsign.evidence.record-initial-delay=PT1H",
                "medsign.audit.anchor-check=PT1H", "medsign.retention.schedule=0 0 0 1 1 *"})
class SingletonJobsIntegrationTests extends HubTestSupport {

    private static final Set<String> ONE_NODE = Set.of("renewal-campaigns", "roster-rules", "expiry-scan",
            "evidence-records", "evidence-record-renewal", "audit-anchor", "retention", "signing-task-expiry",
            "signing-task-reminders", "ops-alerts");
    private static final Set<String> EVERY_NODE = Set.of("audit-verify", "data-directory-permissions",
            "login-audit-flush");

    static Path home;

    @Autowired
    JobScheduler scheduler;

    @Autowired
    ClusterLocks locks;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    @Test
    void theSingletonJobsAreExactlyTheOnesRunUnderAClusterLock() {
        assertThat(names(true)).isEqualTo(ONE_NODE);
        assertThat(names(false)).isEqualTo(EVERY_NODE);
    }

    @Test
    void aOneNodeJobDoesNotRunWhileAnotherNodeHoldsItsLockAndRunsInThisNodesNameOnceItIsFree() throws Exception {
        ClusterLocks nodeB = new ClusterLocks(dataSource, transactions, "node-b");
        for (ScheduledJob job : oneNodeJobs()) {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> nodeB.runWhenFree(job.name(), Duration.ofMinutes(5), Duration.ofSeconds(30),
                    () -> {
                        held.countDown();
                        awaitQuietly(release);
                    }), "node-b-" + job.name());
            holder.start();
            assertThat(held.await(30, TimeUnit.SECONDS)).as("node-b took " + job.name()).isTrue();
            assertThat(lockedBy(job.name())).isEqualTo("node-b");

            assertThat(scheduler.runNow(job)).as(job.name() + " while node-b holds its lock").isFalse();
            assertThat(lockedBy(job.name())).as("node-b's lock untouched").isEqualTo("node-b");

            release.countDown();
            holder.join(30_000);
            assertThat(scheduler.runNow(job)).as(job.name() + " once the lock is free").isTrue();
            assertThat(lockedBy(job.name())).as(job.name() + " ran in this node's name").isEqualTo(locks.node());
        }
    }

    @Test
    void aOneNodeJobRefusesToRunOutsideItsLock() {
        for (ScheduledJob job : oneNodeJobs()) {
            assertThatThrownBy(() -> job.task().run()).as(job.name())
                    .isInstanceOf(IllegalStateException.class).hasMessage("The task is not locked.");
        }
    }

    @Test
    void aNodeWhoseLockExpiredWhileItWorkedFindsOutAtItsNextExtensionAndTheOtherNodeHasTheJob() throws Exception {
        ClusterLocks nodeB = new ClusterLocks(dataSource, transactions, "node-b");
        String name = "test-stalled-" + System.nanoTime();
        CountDownLatch takenOver = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicBoolean extensionReturned = new AtomicBoolean();
        Thread stalled = new Thread(() -> {
            try {
                nodeB.runIfFree(name, Duration.ofSeconds(1), () -> {
                    awaitQuietly(takenOver); // stalls past its lock
                    ClusterLocks.extendHeld(Duration.ofMinutes(1));
                    extensionReturned.set(true);
                });
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        }, "node-b-stalled");
        stalled.start();
        Awaitility.await("node-b holds " + name).atMost(Duration.ofSeconds(10)).until(() -> "node-b".equals(lockedBy(name)));
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread takeover = new Thread(() -> locks.runWhenFree(name, Duration.ofMinutes(1), Duration.ofSeconds(30), () -> {
            working.countDown();
            awaitQuietly(done);
        }), "this-node");
        takeover.start();
        assertThat(working.await(30, TimeUnit.SECONDS)).as("this node took the expired lock").isTrue();
        assertThat(lockedBy(name)).isEqualTo(locks.node());
        takenOver.countDown();
        stalled.join(30_000);
        assertThat(extensionReturned).as("the stalled node went on after its lock expired").isFalse();
        assertThat(outcome.get()).isInstanceOf(LockLostException.class);
        assertThat(lockedBy(name)).as("the stalled node's release leaves the new holder alone").isEqualTo(locks.node());
        done.countDown();
        takeover.join(30_000);
    }

    private List<ScheduledJob> oneNodeJobs() {
        return scheduler.jobs().stream().filter(ScheduledJob::oneNode).toList();
    }

    private Set<String> names(boolean oneNode) {
        return scheduler.jobs().stream().filter(job -> job.oneNode() == oneNode).map(ScheduledJob::name)
                .collect(Collectors.toSet());
    }

    private String lockedBy(String name) {
        return jdbc.sql("SELECT locked_by FROM " + ClusterLocks.TABLE + " WHERE name = ?").param(name)
                .query(String.class).optional().orElse(null);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
