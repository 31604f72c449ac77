package org.medsign.hub.jobs;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Schedules every {@link ScheduledJob} bean on Spring's task scheduler ({@code spring.task.scheduling.pool.size}
 * threads): a one-node job runs only when this node gets its cluster lock (another node running it means this run
 * is skipped, not queued), an every-node job always. A run that fails is logged; the next one runs as scheduled.
 */
@Component
public class JobScheduler implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);

    private final List<ScheduledJob> jobs;
    private final ClusterLocks locks;

    public JobScheduler(List<ScheduledJob> jobs, ClusterLocks locks) {
        this.jobs = List.copyOf(jobs);
        this.locks = locks;
        long distinct = this.jobs.stream().map(ScheduledJob::name).distinct().count();
        if (distinct != this.jobs.size()) {
            throw new IllegalStateException("two scheduled jobs share a name: " + this.jobs.stream()
                    .map(ScheduledJob::name).sorted().toList());
        }
    }

    /** The scheduled jobs. */
    public List<ScheduledJob> jobs() {
        return jobs;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        for (ScheduledJob job : jobs) {
            Runnable run = () -> runNow(job);
            if (job.schedule() instanceof ScheduledJob.Every every) {
                registrar.addFixedDelayTask(new FixedDelayTask(run, every.interval(), every.initialDelay()));
            } else if (job.schedule() instanceof ScheduledJob.Cron cron) {
                registrar.addCronTask(new CronTask(run, new CronTrigger(cron.expression(), cron.zone())));
            }
            log.debug("Job {} scheduled {} ({})", job.name(), job.schedule(), job.oneNode() ? "one node" : "every node");
        }
    }

    /** One run of {@code job} in this thread, as the schedule does it; returns whether it ran (false: locked). */
    public boolean runNow(ScheduledJob job) {
        try {
            if (!job.oneNode()) {
                job.task().run();
                return true;
            }
            boolean ran = locks.runIfFree(job.name(), job.lockAtMostFor(), job.lockAtLeastFor(), job.task());
            if (!ran) {
                log.debug("Job {} skipped: another node holds its lock", job.name());
            }
            return ran;
        } catch (RuntimeException e) {
            log.warn("Job {} failed, will run again as scheduled: {}", job.name(), e.toString());
            return true;
        }
    }
}
