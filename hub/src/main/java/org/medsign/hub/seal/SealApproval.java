package org.medsign.hub.seal;

import org.medsign.hub.lifecycle.operations.ApprovalHandler;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/** Activates an organisation seal once a second security administrator approved its creation (dual control). */
@Component
class SealApproval implements ApprovalHandler {

    private final SealRegistry registry;

    SealApproval(@Lazy SealRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String operation() {
        return SealRegistry.OPERATION;
    }

    @Override
    public String execute(String target, String payload, String reason, String operator) {
        registry.approved(target);
        return "seal active";
    }
}
