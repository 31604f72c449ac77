package org.medsign.hub.signing;

import org.medsign.hub.jobs.ScheduledJob;
import org.medsign.hub.jobs.ScheduledJob.Schedule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The signing module's scheduled jobs, on one node at a time; schedules from its properties records. */
@Configuration(proxyBeanMethods = false)
class SigningSchedules {

    @Bean
    ScheduledJob signingTaskExpiryJob(SigningTasks tasks, SigningTaskProperties properties) {
        return ScheduledJob.onOneNode(SigningTasks.EXPIRY_JOB, Schedule.every(properties.expiryScanInterval()),
                SigningTasks.LOCK_AT_MOST_FOR, tasks::scheduledExpiry);
    }

    @Bean
    ScheduledJob signingTaskRemindersJob(SigningTaskReminders reminders, SigningTaskProperties properties) {
        return ScheduledJob.onOneNode(SigningTaskReminders.JOB, Schedule.every(properties.remindScanInterval()),
                SigningTaskReminders.LOCK_AT_MOST_FOR, reminders::scheduled);
    }
}
