package org.medsign.hub.ops;

import org.medsign.hub.jobs.ScheduledJob;
import org.medsign.hub.jobs.ScheduledJob.Schedule;
import org.medsign.hub.ops.alerts.AlertProperties;
import org.medsign.hub.ops.alerts.Alerts;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ops module's scheduled jobs; schedules from its properties records. */
@Configuration(proxyBeanMethods = false)
class OpsSchedules {

    @Bean
    ScheduledJob retentionJob(Retention retention, RetentionProperties policies) {
        return ScheduledJob.onOneNode(Retention.JOB, Schedule.cron(policies.schedule(), policies.zone()),
                Retention.LOCK_AT_MOST_FOR, retention::scheduled).lockedAtLeastFor(Retention.LOCK_AT_LEAST_FOR);
    }

    /** One node evaluates the alert rules and escalates the incidents' deadlines. */
    @Bean
    ScheduledJob alertsJob(Alerts alerts, AlertProperties properties) {
        return ScheduledJob.onOneNode(Alerts.JOB, Schedule.every(properties.interval(), properties.initialDelay()),
                Alerts.LOCK_AT_MOST_FOR, alerts::scheduled);
    }

    /** One node makes the scheduled backup, only when {@code medsign.ops.backup.cron} is set. */
    @Bean
    @ConditionalOnProperty("medsign.ops.backup.cron")
    ScheduledJob backupJob(Backups backups, BackupProperties properties) {
        return ScheduledJob.onOneNode(Backups.JOB, Schedule.cron(properties.cron(), properties.zone()),
                Backups.LOCK_AT_MOST_FOR, backups::scheduled);
    }

    /** Every node: each keeps its own data directory owner-only. */
    @Bean
    ScheduledJob dataDirectoryPermissionsJob(DataDirectoryPermissions permissions, DataDirectoryProperties directory) {
        return ScheduledJob.onEveryNode("data-directory-permissions", Schedule.every(directory.permissionCheck()),
                permissions::sweep);
    }
}
