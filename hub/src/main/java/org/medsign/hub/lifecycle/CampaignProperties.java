package org.medsign.hub.lifecycle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Renewal campaigns.
 *
 * @param batchSize  items renewed per database transaction (default 50; a failing batch is retried item by item)
 * @param maxRate    renewals per second at most, 0 = as fast as possible (default; set it to spare an external CA)
 * @param staleAfter a RUNNING campaign whose runner has not reported for this long is taken over by another node
 *                   (default 2 minutes; the node that ran it resumes it at once on restart)
 */
@ConfigurationProperties("medsign.campaign")
public record CampaignProperties(Integer batchSize, Integer maxRate, Duration staleAfter) {

    public CampaignProperties {
        batchSize = batchSize == null || batchSize < 1 ? 50 : batchSize;
        maxRate = maxRate == null || maxRate < 0 ? 0 : maxRate;
        staleAfter = staleAfter == null ? Duration.ofMinutes(2) : staleAfter;
    }
}
