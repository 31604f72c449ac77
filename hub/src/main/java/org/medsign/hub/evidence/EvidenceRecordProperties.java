package org.medsign.hub.evidence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * RFC 4998 evidence records over signature records ({@code medsign.evidence.*}).
 *
 * @param recordInterval      how often the job covers signature records not yet covered (default PT10M)
 * @param recordInitialDelay  first run after start-up (default PT1M)
 * @param recordBatch         signature records per hash tree and archive timestamp (default 10000)
 * @param recordRenewBefore   renew a batch's archive timestamp this long before the certificate of the TSA that made
 *                            its newest one expires (default P365D)
 * @param recordRenewInterval how often the batches are checked for that renewal (default P1D; the first check
 *                            {@code record-initial-delay} after start)
 */
@ConfigurationProperties("medsign.evidence")
public record EvidenceRecordProperties(@DefaultValue("PT10M") Duration recordInterval,
                                       @DefaultValue("PT1M") Duration recordInitialDelay,
                                       @DefaultValue("10000") int recordBatch,
                                       @DefaultValue("P365D") Duration recordRenewBefore,
                                       @DefaultValue("P1D") Duration recordRenewInterval) {
}
