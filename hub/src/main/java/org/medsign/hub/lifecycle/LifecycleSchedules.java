package org.medsign.hub.lifecycle;

import org.medsign.hub.jobs.ScheduledJob.Schedule;
import org.medsign.hub.jobs.ScheduledJob;
import org.medsign.hub.lifecycle.campaign.CampaignProperties;
import org.medsign.hub.lifecycle.campaign.RenewalCampaignRunner;
import org.medsign.hub.lifecycle.expiry.ExpiryProperties;
import org.medsign.hub.lifecycle.expiry.ExpiryWarnings;
import org.medsign.hub.lifecycle.operations.RosterRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The lifecycle module's scheduled jobs, each on one node at a time; schedules from its properties records. */
@Configuration(proxyBeanMethods = false)
class LifecycleSchedules {

    @Bean
    ScheduledJob renewalCampaignsJob(RenewalCampaignRunner runner, CampaignProperties campaigns) {
        return ScheduledJob.onOneNode(RenewalCampaignRunner.JOB, Schedule.every(campaigns.pollInterval()),
                campaigns.staleAfter(), runner::runAll);
    }

    @Bean
    ScheduledJob rosterRulesJob(RosterRules rules, LifecycleProperties lifecycle) {
        return ScheduledJob.onOneNode(RosterRules.JOB, Schedule.every(lifecycle.rosterScanInterval()),
                RosterRules.LOCK_AT_MOST_FOR, rules::scheduled);
    }

    @Bean
    ScheduledJob expiryScanJob(ExpiryWarnings warnings, ExpiryProperties expiry) {
        return ScheduledJob.onOneNode(ExpiryWarnings.JOB, Schedule.every(expiry.scanInterval(), expiry.initialDelay()),
                ExpiryWarnings.LOCK_AT_MOST_FOR, warnings::scheduledScan);
    }
}
