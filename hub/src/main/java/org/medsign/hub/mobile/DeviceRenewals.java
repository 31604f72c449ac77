package org.medsign.hub.mobile;

import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.campaign.RenewalCampaignRepository;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.springframework.stereotype.Component;

/**
 * Whether a clinician's collaborative key waits for their device to renew it (协同签名续期, issue #14): a started
 * renewal campaign skipped their current ACTIVE collaborative certificate with {@code WAITS_FOR_DEVICE}, since only
 * the device can re-key it ({@link DeviceActivations#renew}). Once the device renews, that certificate is superseded
 * and nothing waits any more. The app asks at login and prompts the clinician.
 */
@Component
public class DeviceRenewals {

    private final StaffDirectory directory;
    private final RenewalCampaignRepository campaigns;

    public DeviceRenewals(StaffDirectory directory, RenewalCampaignRepository campaigns) {
        this.directory = directory;
        this.campaigns = campaigns;
    }

    /** Whether {@code staffId}'s current collaborative certificate waits for the device's renewal. */
    public boolean due(String staffId) {
        return directory.credentials(staffId).stream()
                .filter(c -> c.collaborative() && c.state() == CertificateState.ACTIVE)
                .anyMatch(c -> campaigns.waitsForDevice(c.serial()));
    }
}
