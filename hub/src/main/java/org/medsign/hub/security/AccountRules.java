package org.medsign.hub.security;

import java.util.Locale;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.springframework.security.core.Authentication;

/**
 * Who may do what to administrator accounts (三员分立), as pure checks that {@link AdministratorAccounts} applies
 * before every change. Each refusal is a {@link HubException} with a stable code.
 * <ul>
 *   <li>Only a security administrator files account requests (create, enable, password reset) and disables
 *       accounts; never the system administrator ({@code ADMIN_ROLE_NOT_PERMITTED}).</li>
 *   <li>A security administrator does not file requests about their own account ({@code ADMIN_OWN_ACCOUNT}): their
 *       own password is changed with the old one.</li>
 *   <li>Only an audit administrator decides (approves or refuses) a request ({@code ADMIN_ROLE_NOT_PERMITTED}), and
 *       never one about their own account or one they filed ({@code ADMIN_SELF_APPROVAL}).</li>
 *   <li>The last enabled account of a role cannot be disabled ({@code ADMIN_LAST_OF_ROLE}): nobody locks the hospital
 *       out of a role.</li>
 * </ul>
 */
public final class AccountRules {

    private AccountRules() {
    }

    /** The administrator acting: their user name and their one role. */
    public record Actor(String username, AdminRole role) {

        /** The administrator behind {@code authentication}; a hospital system (API key) is refused. */
        public static Actor of(Authentication authentication) {
            for (AdminRole role : AdminRole.values()) {
                if (authentication != null && authentication.getAuthorities().stream()
                        .anyMatch(a -> a.getAuthority().equals(role.authority()))) {
                    return new Actor(authentication.getName(), role);
                }
            }
            throw new HubException(ErrorCode.ADMIN_ROLE_NOT_PERMITTED, "only administrators have accounts here");
        }
    }

    /** The actor may create, disable, enable and reset accounts. */
    public static void mayManage(Actor actor) {
        if (actor.role() != AdminRole.SECURITY_ADMIN) {
            throw new HubException(ErrorCode.ADMIN_ROLE_NOT_PERMITTED,
                    "administrator accounts are managed by a security administrator");
        }
    }

    /** The actor may file a request about {@code target} (an enable or a password reset). */
    public static void mayRequestFor(Actor actor, String target) {
        mayManage(actor);
        if (same(actor.username(), target)) {
            throw new HubException(ErrorCode.ADMIN_OWN_ACCOUNT,
                    "no request about one's own account; change your own password with the current one");
        }
    }

    /** The actor may approve or refuse a request about {@code account} filed by {@code requestedBy}. */
    public static void mayDecide(Actor actor, String account, String requestedBy) {
        if (actor.role() != AdminRole.AUDIT_ADMIN) {
            throw new HubException(ErrorCode.ADMIN_ROLE_NOT_PERMITTED,
                    "requests about administrator accounts are decided by an audit administrator");
        }
        if (same(actor.username(), account)) {
            throw new HubException(ErrorCode.ADMIN_SELF_APPROVAL,
                    "nobody decides a request about their own account; another audit administrator must");
        }
        if (same(actor.username(), requestedBy)) {
            throw new HubException(ErrorCode.ADMIN_SELF_APPROVAL, "nobody decides their own request");
        }
    }

    /** An enabled account of a role with {@code enabledOfRole} enabled accounts (itself included) may be disabled. */
    public static void mayDisable(boolean enabled, int enabledOfRole) {
        if (!enabled) {
            throw new HubException(ErrorCode.ADMIN_STATE_CONFLICT, "the account is already disabled");
        }
        if (enabledOfRole <= 1) {
            throw new HubException(ErrorCode.ADMIN_LAST_OF_ROLE,
                    "the last enabled account of a role cannot be disabled; enable or create another one first");
        }
    }

    /** A new account name: 3-64 characters, lower-case letters, digits, '.', '_' or '-', starting with a letter. */
    public static String validName(String username) {
        String name = username == null ? "" : username.trim();
        if (!name.matches("[a-z][a-z0-9._-]{2,63}")) {
            throw new HubException(ErrorCode.ADMIN_NAME_INVALID, "user names are 3-64 characters: lower-case letters, "
                    + "digits, '.', '_' or '-', starting with a letter");
        }
        return name;
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
