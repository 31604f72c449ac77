package org.medsign.hub.security;

import org.medsign.hub.jobs.ScheduledJob;
import org.medsign.hub.jobs.ScheduledJob.Schedule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The security module's scheduled jobs; schedules from its properties records. */
@Configuration(proxyBeanMethods = false)
class SecuritySchedules {

    /** Every node: the failed logins it aggregates are its own. */
    @Bean
    ScheduledJob loginAuditFlushJob(LoginFailureAudit audit, SecurityProperties security) {
        return ScheduledJob.onEveryNode("login-audit-flush", Schedule.every(security.loginAuditWindow()), audit::flush);
    }
}
