package org.medsign.hub.evidence;

import org.medsign.hub.jobs.ScheduledJob;
import org.medsign.hub.jobs.ScheduledJob.Schedule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The evidence module's scheduled jobs; schedules from its properties records. */
@Configuration(proxyBeanMethods = false)
class EvidenceSchedules {

    @Bean
    ScheduledJob evidenceRecordsJob(EvidenceRecordJob job, EvidenceRecordProperties evidence) {
        return ScheduledJob.onOneNode(EvidenceRecordJob.JOB,
                Schedule.every(evidence.recordInterval(), evidence.recordInitialDelay()),
                EvidenceRecordJob.LOCK_AT_MOST_FOR, job::run);
    }

    @Bean
    ScheduledJob evidenceRecordRenewalJob(EvidenceRecordJob job, EvidenceRecordProperties evidence) {
        return ScheduledJob.onOneNode(EvidenceRecordJob.RENEWAL_JOB,
                Schedule.every(evidence.recordRenewInterval(), evidence.recordInitialDelay()),
                EvidenceRecordJob.LOCK_AT_MOST_FOR, job::renewDue);
    }

    @Bean
    ScheduledJob auditAnchorJob(AuditAnchors anchors, AuditProperties audit) {
        return ScheduledJob.onOneNode(AuditAnchors.JOB, Schedule.every(audit.anchorCheck()),
                AuditAnchors.LOCK_AT_MOST_FOR, anchors::anchorIfDue);
    }

    /** Every node verifies the chain: each node's health and metrics report its own last verification. */
    @Bean
    ScheduledJob auditVerifyJob(AuditChainVerification verification, AuditProperties audit) {
        return ScheduledJob.onEveryNode("audit-verify",
                Schedule.every(audit.verifyInterval(), audit.verifyInitialDelay()), verification::scheduled);
    }
}
