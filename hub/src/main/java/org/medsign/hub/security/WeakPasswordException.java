package org.medsign.hub.security;

import java.util.List;
import java.util.stream.Collectors;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;

/** A new administrator password broke the password policy; says which rules, never the password. */
public class WeakPasswordException extends HubException {

    /** Stable code of the problem details. */
    public static final ErrorCode CODE = ErrorCode.ADMIN_PASSWORD_WEAK;

    private final List<PasswordRule> violations;

    public WeakPasswordException(List<PasswordRule> violations, String explanation) {
        super(CODE, explanation);
        this.violations = List.copyOf(violations);
    }

    /** The rules the password broke, in policy order. */
    public List<PasswordRule> violations() {
        return violations;
    }

    /** The rule names, comma-separated (for audit details). */
    public String ruleNames() {
        return violations.stream().map(Enum::name).collect(Collectors.joining(","));
    }
}
