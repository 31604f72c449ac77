package org.medsign.hub.lifecycle.campaign;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Renewal campaigns.
 *
 * @param batchSize    items renewed per database transaction (default 50; a failing batch is retried item by item)
 * @param maxRate      renewals per second at most, 0 = as fast as possible (default; set it to spare an external CA).
 *                     Campaigns run on one node at a time, so this is the cluster's rate
 * @param staleAfter   how long the cluster lock of the campaign runner outlives a node that died running a campaign:
 *                     the lock is extended to this before every batch, and another node takes the campaign over once
 *                     it has passed (default one minute; keep it well above the time one batch takes)
 * @param pollInterval how often each node looks for RUNNING campaigns that no node runs (default 10 seconds; a
 *                     campaign started on a node begins there at once)
 */
@ConfigurationProperties("medsign.campaign")
public record CampaignProperties(Integer batchSize, Integer maxRate, Duration staleAfter, Duration pollInterval) {

    public CampaignProperties {
        batchSize = batchSize == null || batchSize < 1 ? 50 : batchSize;
        maxRate = maxRate == null || maxRate < 0 ? 0 : maxRate;
        staleAfter = staleAfter == null ? Duration.ofMinutes(1) : staleAfter;
        pollInterval = pollInterval == null ? Duration.ofSeconds(10) : pollInterval;
    }
}
