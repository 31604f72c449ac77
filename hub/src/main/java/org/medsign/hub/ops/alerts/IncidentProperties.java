package org.medsign.hub.ops.alerts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service contract's fault deadlines ({@code medsign.ops.incidents.*}), counted from the incident's opening.
 *
 * @param ordinaryRespond respond to an ORDINARY fault within (default 30 min)
 * @param ordinaryRestore restore service, remotely, within (default 2 h)
 * @param severeRespond   respond to a SEVERE fault within (default 15 min)
 * @param severeRestore   restore service within (default 4 h)
 * @param severeOnsite    an engineer on site within (default 24 h)
 * @param escalationLead  escalate by notification this long before an unmet deadline (default 5 min)
 */
@ConfigurationProperties("medsign.ops.incidents")
public record IncidentProperties(@DefaultValue("PT30M") Duration ordinaryRespond,
                                 @DefaultValue("PT2H") Duration ordinaryRestore,
                                 @DefaultValue("PT15M") Duration severeRespond,
                                 @DefaultValue("PT4H") Duration severeRestore,
                                 @DefaultValue("PT24H") Duration severeOnsite,
                                 @DefaultValue("PT5M") Duration escalationLead) {
}
