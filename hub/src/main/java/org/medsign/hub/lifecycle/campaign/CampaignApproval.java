package org.medsign.hub.lifecycle.campaign;

import org.medsign.hub.lifecycle.operations.ApprovalHandler;
import org.springframework.stereotype.Component;

/**
 * Starts an approved renewal campaign (dual control of bulk operations, {@code BULK}); the target is
 * {@code campaign:<id>}. The campaign was planned (a dry run) when the request was filed, so the approver approves
 * exactly that plan.
 */
@Component
class CampaignApproval implements ApprovalHandler {

    /** Target prefix of a campaign approval. */
    static final String PREFIX = "campaign:";

    private final RenewalCampaigns campaigns;

    CampaignApproval(RenewalCampaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Override
    public String operation() {
        return "BULK";
    }

    @Override
    public String execute(String target, String payload, String reason, String operator) {
        RenewalCampaign started = campaigns.start(id(target), operator, "SECURITY_ADMIN");
        return "campaign " + started.id() + " started: " + started.total() + " items";
    }

    @Override
    public void committed(String target) {
        campaigns.resume(id(target));
    }

    private static long id(String target) {
        if (!target.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a campaign: " + target);
        }
        return Long.parseLong(target.substring(PREFIX.length()));
    }
}
