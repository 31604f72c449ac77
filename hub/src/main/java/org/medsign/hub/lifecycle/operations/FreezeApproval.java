package org.medsign.hub.lifecycle.operations;

import org.springframework.stereotype.Component;

/** Carries out an approved freeze (when dual control covers FREEZE). */
@Component
class FreezeApproval implements ApprovalHandler {

    private final CertificateOperations operations;

    FreezeApproval(CertificateOperations operations) {
        this.operations = operations;
    }

    @Override
    public String operation() {
        return "FREEZE";
    }

    @Override
    public String execute(String target, String payload, String reason, String operator) {
        operations.freeze(target, reason, operator, "SECURITY_ADMIN");
        return "frozen";
    }
}
