package org.medsign.hub.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.security.AccountRules.Actor;
import org.medsign.hub.security.AdminUsers.Administrator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Administrator accounts managed by the security administrator with the audit administrator's approval
 * ({@link AccountRules}). Creating an account, enabling a disabled one and resetting a password are filed as
 * requests (table {@code admin_account_request}) that take effect only when an audit administrator who is neither
 * the account nor the requester approves; a new account or a reset comes with a generated temporary password, shown
 * once to the requester, which the holder must change at the first login. Disabling takes effect at once (it only
 * ever removes access), except for the last enabled account of a role. Every step and every refusal is audited;
 * no password or hash ever reaches an audit detail.
 */
@Component
public class AdministratorAccounts {

    /** What a request asks for. */
    public enum Operation {
        /** A new account (any of the three roles). */
        CREATE,
        /** A disabled account enabled again. */
        ENABLE,
        /** A temporary password for an existing account. */
        RESET
    }

    /** One request about an administrator account (never its temporary password). */
    public record AccountRequest(long id, Operation operation, String username, String role, String requestedBy,
                                 Instant requestedAt, String state, String decidedBy, Instant decidedAt,
                                 String decisionNote) {
    }

    /** A request just filed, with the temporary password (CREATE, RESET) to be handed over once. */
    public record Filed(AccountRequest request, String temporaryPassword) {
        @Override
        public String toString() {
            return "Filed[" + request + "]"; // never the password
        }
    }

    private static final String SELECT = "SELECT id, operation, username, role, requested_by, requested_at, state, "
            + "decided_by, decided_at, decision_note FROM admin_account_request";

    private final JdbcClient jdbc;
    private final AdminUsers users;
    private final PasswordPolicy policy;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final TransactionTemplate ownTransaction;

    public AdministratorAccounts(JdbcClient jdbc, AdminUsers users, PasswordPolicy policy, PasswordEncoder encoder,
                                 AuditLog audit, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.users = users;
        this.policy = policy;
        this.encoder = encoder;
        this.audit = audit;
        this.transactions = new TransactionTemplate(transactionManager);
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Files the creation of {@code username} with {@code role}; audited {@code ADMIN_CREATE_REQUESTED}. */
    public Filed requestCreation(Actor actor, String username, AdminRole role) {
        return guarded(actor, "ADMIN_CREATE_REQUESTED", String.valueOf(username), () -> {
            AccountRules.mayManage(actor);
            String name = AccountRules.validName(username);
            if (role == null) {
                throw new HubException(ErrorCode.ADMIN_ROLE_INVALID,
                        "role must be SYSTEM_ADMIN, SECURITY_ADMIN or AUDIT_ADMIN");
            }
            if (users.find(name).isPresent()) {
                throw new HubException(ErrorCode.ADMIN_EXISTS, "administrator " + name + " exists");
            }
            noPendingRequest(name);
            String temporary = policy.generate(name);
            AccountRequest request = file(Operation.CREATE, name, role, encoder.encode(temporary), actor);
            audit.append(AuditEvent.success(actor.username(), actor.role().name(), "ADMIN_CREATE_REQUESTED", name,
                    "role " + role + ", request " + request.id() + ", pending approval"));
            return new Filed(request, temporary);
        });
    }

    /** Files a password reset of {@code username}; audited {@code ADMIN_PASSWORD_RESET_REQUESTED}. */
    public Filed requestReset(Actor actor, String username) {
        return guarded(actor, "ADMIN_PASSWORD_RESET_REQUESTED", String.valueOf(username), () -> {
            AccountRules.mayRequestFor(actor, username);
            Administrator account = existing(username);
            noPendingRequest(account.username());
            String temporary = policy.generate(account.username());
            AccountRequest request = file(Operation.RESET, account.username(), account.adminRole(),
                    encoder.encode(temporary), actor);
            audit.append(AuditEvent.success(actor.username(), actor.role().name(), "ADMIN_PASSWORD_RESET_REQUESTED",
                    account.username(), "request " + request.id() + ", pending approval"));
            return new Filed(request, temporary);
        });
    }

    /** Files enabling the disabled account {@code username}; audited {@code ADMIN_ENABLE_REQUESTED}. */
    public AccountRequest requestEnable(Actor actor, String username) {
        return guarded(actor, "ADMIN_ENABLE_REQUESTED", String.valueOf(username), () -> {
            AccountRules.mayRequestFor(actor, username);
            Administrator account = existing(username);
            if (account.enabled()) {
                throw new HubException(ErrorCode.ADMIN_STATE_CONFLICT, "the account is enabled");
            }
            noPendingRequest(account.username());
            AccountRequest request = file(Operation.ENABLE, account.username(), account.adminRole(), null, actor);
            audit.append(AuditEvent.success(actor.username(), actor.role().name(), "ADMIN_ENABLE_REQUESTED",
                    account.username(), "request " + request.id() + ", pending approval"));
            return request;
        });
    }

    /**
     * Disables {@code username} at once (API and console logins refused, an open console session ends at its next
     * request); audited {@code ADMIN_DISABLED}. Refused for the last enabled account of a role.
     */
    public Administrator disable(Actor actor, String username) {
        return guarded(actor, "ADMIN_DISABLED", String.valueOf(username), () -> {
            AccountRules.mayManage(actor);
            Administrator account = existing(username);
            AccountRules.mayDisable(account.enabled(), users.enabledLocked(account.adminRole()));
            users.setEnabled(account.username(), false);
            audit.append(AuditEvent.success(actor.username(), actor.role().name(), "ADMIN_DISABLED",
                    account.username(), "role " + account.role()));
            return users.find(account.username()).orElseThrow();
        });
    }

    /**
     * Approves a pending request and carries it out; audited {@code ADMIN_CREATED}, {@code ADMIN_ENABLED} or
     * {@code ADMIN_PASSWORD_RESET} with the requester's name.
     */
    public AccountRequest approve(Actor actor, long id, String note) {
        return guarded(actor, "ADMIN_REQUEST_APPROVED", "request " + id, () -> {
            AccountRequest request = pendingLocked(id);
            AccountRules.mayDecide(actor, request.username(), request.requestedBy());
            String action = switch (request.operation()) {
                case CREATE -> {
                    if (users.find(request.username()).isPresent()) {
                        throw new HubException(ErrorCode.ADMIN_EXISTS,
                                "administrator " + request.username() + " exists");
                    }
                    users.insert(request.username(), AdminRole.valueOf(request.role()), temporaryHash(id), true,
                            request.requestedBy());
                    yield "ADMIN_CREATED";
                }
                case ENABLE -> {
                    users.setEnabled(existing(request.username()).username(), true);
                    yield "ADMIN_ENABLED";
                }
                case RESET -> {
                    users.installTemporaryPassword(existing(request.username()).username(), temporaryHash(id));
                    yield "ADMIN_PASSWORD_RESET";
                }
            };
            decide(id, "APPROVED", actor, note);
            audit.append(AuditEvent.success(actor.username(), actor.role().name(), action, request.username(),
                    "request " + id + " filed by " + request.requestedBy() + " approved"));
            return find(id);
        });
    }

    /** Refuses a pending request; nothing changes. Audited {@code ADMIN_REQUEST_REFUSED}. */
    public AccountRequest refuse(Actor actor, long id, String note) {
        return guarded(actor, "ADMIN_REQUEST_REFUSED", "request " + id, () -> {
            AccountRequest request = pendingLocked(id);
            AccountRules.mayDecide(actor, request.username(), request.requestedBy());
            decide(id, "REFUSED", actor, note);
            audit.append(AuditEvent.success(actor.username(), actor.role().name(), "ADMIN_REQUEST_REFUSED",
                    request.username(), request.operation() + " request " + id + " filed by " + request.requestedBy()));
            return find(id);
        });
    }

    /** Requests, newest first; {@code state} PENDING, APPROVED or REFUSED, null for all. */
    public List<AccountRequest> requests(String state) {
        return jdbc.sql(SELECT + (state == null ? "" : " WHERE state = ?") + " ORDER BY id DESC LIMIT 200")
                .params(state == null ? List.of() : List.of(state)).query((rs, n) -> map(rs)).list();
    }

    /** One request. */
    public AccountRequest find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query((rs, n) -> map(rs)).optional()
                .orElseThrow(() -> new HubException(ErrorCode.ADMIN_REQUEST_UNKNOWN, "no account request " + id));
    }

    /**
     * Runs {@code change} in a transaction; a refusal rolls it back and is audited (in its own transaction) as a
     * failure of {@code action} with its code.
     */
    private <T> T guarded(Actor actor, String action, String target, Supplier<T> change) {
        try {
            return transactions.execute(status -> change.get());
        } catch (HubException e) {
            ownTransaction.executeWithoutResult(status -> audit.append(AuditEvent.failure(actor.username(),
                    actor.role().name(), action, target, e.code().name())));
            throw e;
        }
    }

    private Administrator existing(String username) {
        return users.find(username == null ? "" : username.trim())
                .orElseThrow(() -> new HubException(ErrorCode.ADMIN_UNKNOWN, "no administrator " + username));
    }

    private void noPendingRequest(String username) {
        if (jdbc.sql("SELECT COUNT(*) FROM admin_account_request WHERE username = ? AND state = 'PENDING'")
                .param(username).query(Integer.class).single() > 0) {
            throw new HubException(ErrorCode.ADMIN_REQUEST_PENDING,
                    "a request about " + username + " is waiting for an audit administrator");
        }
    }

    private AccountRequest file(Operation operation, String username, AdminRole role, String passwordHash,
                                Actor actor) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO admin_account_request (operation, username, role, password_hash, requested_by, "
                        + "requested_at, state) VALUES (?, ?, ?, ?, ?, ?, 'PENDING')")
                .params(operation.name(), username, role.name(), passwordHash, actor.username(),
                        Timestamp.from(Instant.now()))
                .update(key, "id");
        return find(key.getKey().longValue());
    }

    private AccountRequest pendingLocked(long id) {
        AccountRequest request = jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(id).query((rs, n) -> map(rs))
                .optional().orElseThrow(() -> new HubException(ErrorCode.ADMIN_REQUEST_UNKNOWN,
                        "no account request " + id));
        if (!request.state().equals("PENDING")) {
            throw new HubException(ErrorCode.ADMIN_REQUEST_NOT_PENDING,
                    "account request " + id + " is " + request.state());
        }
        return request;
    }

    private String temporaryHash(long id) {
        return jdbc.sql("SELECT password_hash FROM admin_account_request WHERE id = ?").param(id).query(String.class)
                .single();
    }

    /** Records the decision; the temporary password's hash is not kept beyond it. */
    private void decide(long id, String state, Actor actor, String note) {
        jdbc.sql("UPDATE admin_account_request SET state = ?, decided_by = ?, decided_at = ?, decision_note = ?, "
                        + "password_hash = NULL WHERE id = ?")
                .params(state, actor.username(), Timestamp.from(Instant.now()), truncate(note), id).update();
    }

    private static String truncate(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        return trimmed.length() <= 500 ? trimmed : trimmed.substring(0, 500);
    }

    private static AccountRequest map(ResultSet rs) throws SQLException {
        return new AccountRequest(rs.getLong(1), Operation.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7), rs.getString(8),
                rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant(), rs.getString(10));
    }
}
