package org.medsign.hub.ops.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.medsign.hub.lifecycle.campaign.RenewalCampaignRepository;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.springframework.stereotype.Component;

/**
 * {@code certificate-expiring} (ORDINARY): ACTIVE certificates with a holder in the ledger end within
 * {@code medsign.ops.alerts.certificate-expiring-days} (default 30) and no PLANNED or RUNNING renewal campaign holds
 * them. It resolves when they are renewed or put into a campaign.
 */
@Component
public class CertificateExpiringRule implements AlertRule {

    private static final int LISTED = 5;

    private final StaffCertificateRepository certificates;
    private final RenewalCampaignRepository campaigns;
    private final AlertProperties properties;

    public CertificateExpiringRule(StaffCertificateRepository certificates, RenewalCampaignRepository campaigns,
                                   AlertProperties properties) {
        this.certificates = certificates;
        this.campaigns = campaigns;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "certificate-expiring";
    }

    @Override
    public Severity severity() {
        return Severity.ORDINARY;
    }

    @Override
    public Optional<String> check() {
        Instant limit = Instant.now().plus(Duration.ofDays(properties.certificateExpiringDays()));
        Set<String> planned = campaigns.serialsInOpenCampaigns();
        List<StaffCertificateRepository.Ending> uncovered = certificates.activeHeldEndingBy(limit).stream()
                .filter(ending -> !planned.contains(ending.serial())).toList();
        if (uncovered.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder().append(uncovered.size()).append(" certificate(s) end within ")
                .append(properties.certificateExpiringDays()).append(" days without a renewal campaign: ");
        uncovered.stream().limit(LISTED).forEach(e -> text.append(e.serial()).append(" (").append(e.staffId())
                .append(", ").append(e.notAfter()).append("); "));
        if (uncovered.size() > LISTED) {
            text.append("…");
        }
        return Optional.of(text.toString().strip());
    }
}
