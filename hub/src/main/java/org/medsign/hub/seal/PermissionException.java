package org.medsign.hub.seal;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;

/** Base of the permission matrix's refusals to administrators; the message is the reason shown to them. */
public class PermissionException extends HubException {

    public PermissionException(ErrorCode code, String message) {
        super(code, message);
    }

    /** A rule field is missing or wrong (action, who, system, lengths, special type) or the same rule exists. */
    public static class RuleInvalid extends PermissionException {
        public RuleInvalid(String reason) {
            super(ErrorCode.PERMISSION_RULE_INVALID, reason);
        }
    }

    /** No rule with that id. */
    public static class RuleUnknown extends PermissionException {
        public RuleUnknown(long id) {
            this(String.valueOf(id));
        }

        public RuleUnknown(String id) {
            super(ErrorCode.PERMISSION_RULE_UNKNOWN, "no permission rule " + id);
        }
    }
}
