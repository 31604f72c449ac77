package org.medsign.hub.jobs;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A job the hub runs on a schedule, read from a module's {@code @ConfigurationProperties} record: either on one node
 * at a time across the cluster, under the {@link ClusterLocks cluster lock} named {@code name}, or on every node (work
 * that is per node: in-memory state, local files, this node's health).
 *
 * @param name          stable name: the lock's name for a one-node job, the log name for both (docs/operations.md)
 * @param oneNode       whether it runs under its cluster lock
 * @param schedule      when it runs
 * @param lockAtMostFor  how long the lock outlives a node that died holding it (one-node jobs; a job that runs longer
 *                       extends it while it works)
 * @param lockAtLeastFor how long the lock stays taken after a run began even when it ended sooner (default zero): so
 *                       that another node whose clock is a little behind does not run a daily job a second time
 * @param task           the work
 */
public record ScheduledJob(String name, boolean oneNode, Schedule schedule, Duration lockAtMostFor,
                           Duration lockAtLeastFor, Runnable task) {

    public ScheduledJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(task, "task");
        lockAtLeastFor = lockAtLeastFor == null ? Duration.ZERO : lockAtLeastFor;
        if (oneNode && (lockAtMostFor == null || lockAtMostFor.isNegative() || lockAtMostFor.isZero()
                || lockAtLeastFor.compareTo(lockAtMostFor) > 0)) {
            throw new IllegalArgumentException("job " + name + ": a one-node job needs a positive lockAtMostFor, not "
                    + "less than lockAtLeastFor");
        }
    }

    /** A job that runs on one node at a time, under the cluster lock {@code name}. */
    public static ScheduledJob onOneNode(String name, Schedule schedule, Duration lockAtMostFor, Runnable task) {
        return new ScheduledJob(name, true, schedule, lockAtMostFor, Duration.ZERO, task);
    }

    /** A job whose work is per node: every node runs it. */
    public static ScheduledJob onEveryNode(String name, Schedule schedule, Runnable task) {
        return new ScheduledJob(name, false, schedule, null, Duration.ZERO, task);
    }

    /** This job, its lock kept at least {@code duration} after a run began. */
    public ScheduledJob lockedAtLeastFor(Duration duration) {
        return new ScheduledJob(name, oneNode, schedule, lockAtMostFor, duration, task);
    }

    /** When a job runs. */
    public sealed interface Schedule permits Every, Cron {

        /** Every {@code interval} after the end of the previous run, the first run {@code initialDelay} after start. */
        static Schedule every(Duration interval, Duration initialDelay) {
            return new Every(interval, initialDelay);
        }

        /** Every {@code interval}, the first run one interval after start. */
        static Schedule every(Duration interval) {
            return new Every(interval, interval);
        }

        /** At the times of a Spring cron expression (six fields) in {@code zone}. */
        static Schedule cron(String expression, ZoneId zone) {
            return new Cron(expression, zone);
        }
    }

    /** A fixed delay between runs. */
    public record Every(Duration interval, Duration initialDelay) implements Schedule {

        public Every {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("a job's interval must be positive, not " + interval);
            }
            initialDelay = initialDelay == null || initialDelay.isNegative() ? Duration.ZERO : initialDelay;
        }
    }

    /** A cron expression in a time zone. */
    public record Cron(String expression, ZoneId zone) implements Schedule {

        public Cron {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(zone, "zone");
        }
    }
}
