package org.medsign.hub.seal;

import org.medsign.hub.lifecycle.operations.ApprovalHandler;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Carries out what dual control held for a second security administrator: the creation of an organisation seal
 * (no payload: the seal becomes ACTIVE), or a change or revocation ({@code history:<id>}, applied by
 * {@link SealLifecycle}).
 */
@Component
class SealApproval implements ApprovalHandler {

    private final SealRegistry registry;
    private final SealLifecycle lifecycle;

    SealApproval(@Lazy SealRegistry registry, @Lazy SealLifecycle lifecycle) {
        this.registry = registry;
        this.lifecycle = lifecycle;
    }

    @Override
    public String operation() {
        return SealRegistry.OPERATION;
    }

    @Override
    public String execute(String target, String payload, String reason, String operator) {
        if (payload != null && payload.startsWith(SealLifecycle.HELD)) {
            return lifecycle.approved(Long.parseLong(payload.substring(SealLifecycle.HELD.length())), operator);
        }
        registry.approved(target, operator);
        return "seal active";
    }
}
