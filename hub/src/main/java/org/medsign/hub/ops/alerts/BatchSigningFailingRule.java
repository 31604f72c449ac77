package org.medsign.hub.ops.alerts;

import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;

import org.medsign.hub.signing.SigningRequestRepository;
import org.springframework.stereotype.Component;

/**
 * {@code batch-signing-failing} (SEVERE, the contract's "batch signing or sealing failing"): over the last
 * {@code batch-failure-window} (default 15 min), across all systems, at least {@code batch-failure-min} requests
 * (default 10) ended FAILED or DEAD_LETTER, and they make at least {@code batch-failure-ratio} (default 50 %) of the
 * requests that ended (DONE, FAILED, DEAD_LETTER) — the signing itself is failing (TSA, keys, database, broker), not
 * one system's messages (that is {@code route-errors}: rejections at intake are not counted here). Seals are requests
 * like any other. It resolves when the window holds fewer failures or mostly signatures again.
 */
@Component
public class BatchSigningFailingRule implements AlertRule {

    private final SigningRequestRepository requests;
    private final AlertProperties properties;

    public BatchSigningFailingRule(SigningRequestRepository requests, AlertProperties properties) {
        this.requests = requests;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "batch-signing-failing";
    }

    @Override
    public Severity severity() {
        return Severity.SEVERE;
    }

    @Override
    public Optional<String> check() {
        long failed = 0;
        long ended = 0;
        TreeMap<String, Long> bySystem = new TreeMap<>();
        for (SigningRequestRepository.StatusCount row
                : requests.endedSince(Instant.now().minus(properties.batchFailureWindow()))) {
            ended += row.count();
            if (!"DONE".equals(row.status())) {
                failed += row.count();
                bySystem.merge(row.systemId(), row.count(), Long::sum);
            }
        }
        if (failed < properties.batchFailureMin() || failed < properties.batchFailureRatio() * ended) {
            return Optional.empty();
        }
        return Optional.of(String.format("%d of %d requests that ended in the last %s failed or were dead-lettered "
                        + "(%.0f%%, %d system(s): %s)", failed, ended, AlertRule.text(properties.batchFailureWindow()),
                100.0 * failed / ended, bySystem.size(), bySystem.toString().replaceAll("[{}]", "")));
    }
}
