package org.medsign.hub.lifecycle.operations;

import java.util.OptionalLong;

import org.medsign.crypto.ca.RevocationReason;
import org.medsign.hub.lifecycle.campaign.CampaignSelection;
import org.medsign.hub.lifecycle.campaign.RenewalCampaign;
import org.medsign.hub.lifecycle.campaign.RenewalCampaigns;
import org.springframework.stereotype.Component;

/**
 * The certificate operations an administrator starts (API and console alike), under dual control where
 * {@code medsign.lifecycle.dual-control} asks for it: each either does the operation now or files an approval request
 * for a second security administrator and returns its id.
 */
@Component
public class ControlledOperations {

    private static final String ROLE = "SECURITY_ADMIN";

    private final CertificateOperations operations;
    private final RenewalCampaigns campaigns;
    private final Approvals approvals;

    public ControlledOperations(CertificateOperations operations, RenewalCampaigns campaigns, Approvals approvals) {
        this.operations = operations;
        this.campaigns = campaigns;
        this.approvals = approvals;
    }

    /** A campaign as created, and the approval request it waits for when bulk operations are controlled. */
    public record CreatedCampaign(RenewalCampaign campaign, OptionalLong approvalId) {
    }

    /** Freezes now, or files the freeze (empty when done). */
    public OptionalLong freeze(String serial, String reason, String operator) {
        if (approvals.required("FREEZE")) {
            return OptionalLong.of(approvals.request("FREEZE", serial, null, reason, operator));
        }
        operations.freeze(serial, reason, operator, ROLE);
        return OptionalLong.empty();
    }

    /** Revokes now, or files the revocation (empty when done). */
    public OptionalLong revoke(String serial, RevocationReason reason, String note, String operator) {
        if (approvals.required("REVOKE")) {
            return OptionalLong.of(approvals.request("REVOKE", serial, RevokeApproval.payload(reason, note),
                    reason.rfcName() + (note == null ? "" : ": " + note), operator));
        }
        operations.revoke(serial, reason, note, operator, ROLE);
        return OptionalLong.empty();
    }

    /**
     * Files a reissue when revocations are controlled (a reissue revokes the old certificate); empty when the caller
     * may reissue now.
     */
    public OptionalLong fileReissue(String serial, ReissueKind kind, RevocationReason reason, String note,
                                    String operator) {
        if (!approvals.required("REVOKE")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(approvals.request(ReissueApproval.OPERATION, serial,
                ReissueApproval.payload(kind, reason), note, operator));
    }

    /**
     * Plans a campaign; unless {@code dryRun} it starts at once — or, when bulk operations are controlled, stays
     * planned and waits for the approval that starts exactly this plan.
     */
    public CreatedCampaign createCampaign(CampaignSelection selection, boolean dryRun, boolean rekey, String operator) {
        boolean approval = !dryRun && approvals.required("BULK");
        RenewalCampaign campaign = campaigns.create(selection, dryRun || approval, rekey, operator, ROLE);
        return new CreatedCampaign(campaign, approval ? OptionalLong.of(approvals.request("BULK",
                "campaign:" + campaign.id(), null, "renewal campaign of " + campaign.total() + " certificates",
                operator)) : OptionalLong.empty());
    }

    /** Starts a planned campaign now, or files its start (empty when started). */
    public OptionalLong startCampaign(long id, String operator) {
        if (approvals.required("BULK")) {
            return OptionalLong.of(approvals.request("BULK", "campaign:" + id, null, "start renewal campaign " + id,
                    operator));
        }
        campaigns.start(id, operator, ROLE);
        return OptionalLong.empty();
    }
}
