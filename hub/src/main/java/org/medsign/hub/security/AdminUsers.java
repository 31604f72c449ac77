package org.medsign.hub.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Administrator accounts (table {@code admin_user}, BCrypt hashes): what logins are checked against, the holder's
 * own password change under the {@link PasswordPolicy}, and whether an account must change its password before it
 * may do anything else (a temporary or generated password, or one older than the maximum age). Accounts are created,
 * disabled, enabled and reset only through {@link AdministratorAccounts}; the first three by
 * {@link AdministratorBootstrap}.
 */
@Component
public class AdminUsers implements UserDetailsService {

    /** An administrator as listed (never the password hash). */
    public record Administrator(String username, String role, boolean enabled, boolean passwordChangeRequired,
                                Instant passwordChangedAt, Instant createdAt, String createdBy) {

        /** The role as the enum. */
        public AdminRole adminRole() {
            return AdminRole.valueOf(role);
        }
    }

    private static final String SELECT = "SELECT username, role, enabled, must_change_password, password_changed_at, "
            + "created_at, created_by FROM admin_user";

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    public AdminUsers(JdbcClient jdbc, PasswordEncoder encoder, PasswordPolicy policy, AuditLog audit,
                      PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.policy = policy;
        this.audit = audit;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("SELECT username, password_hash, role, enabled FROM admin_user WHERE username = ?")
                .param(username)
                .query((rs, n) -> User.withUsername(rs.getString(1)).password(rs.getString(2))
                        .authorities(List.of(new SimpleGrantedAuthority("ROLE_" + rs.getString(3))))
                        .disabled(!rs.getBoolean(4)).build())
                .optional().orElseThrow(() -> new UsernameNotFoundException("unknown administrator"));
    }

    /** All administrators. */
    public List<Administrator> list() {
        return jdbc.sql(SELECT + " ORDER BY username").query((rs, n) -> map(rs)).list();
    }

    /** One administrator. */
    public Optional<Administrator> find(String username) {
        return jdbc.sql(SELECT + " WHERE username = ?").param(username).query((rs, n) -> map(rs)).optional();
    }

    /**
     * The holder changes their own password: the current one must be right, the new one must meet the policy and
     * differ from the current and the remembered ones. Clears a forced change. Audited as
     * {@code ADMIN_PASSWORD_CHANGED}, refusals with their code (never a password).
     *
     * @throws HubException {@code ADMIN_PASSWORD_WRONG} for a wrong current password, {@link WeakPasswordException}
     */
    public void changePassword(String username, String currentPassword, String newPassword) {
        Administrator account = find(username).filter(Administrator::enabled)
                .orElseThrow(() -> new HubException(ErrorCode.ADMIN_UNKNOWN, "no enabled administrator " + username));
        String hash = passwordHash(username);
        if (currentPassword == null || !encoder.matches(currentPassword, hash)) {
            audit.append(AuditEvent.failure(username, account.role(), "ADMIN_PASSWORD_CHANGED", username,
                    "ADMIN_PASSWORD_WRONG"));
            throw new HubException(ErrorCode.ADMIN_PASSWORD_WRONG, "the current password is wrong");
        }
        try {
            policy.check(username, newPassword, candidate -> reused(username, hash, candidate));
        } catch (WeakPasswordException e) {
            audit.append(AuditEvent.failure(username, account.role(), "ADMIN_PASSWORD_CHANGED", username,
                    WeakPasswordException.CODE + " " + e.ruleNames()));
            throw e;
        }
        String newHash = encoder.encode(newPassword);
        transactions.executeWithoutResult(status -> {
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.sql("UPDATE admin_user SET password_hash = ?, must_change_password = FALSE, password_changed_at = ? "
                    + "WHERE username = ?").params(newHash, now, username).update();
            jdbc.sql("INSERT INTO admin_password_history (username, password_hash, set_at) VALUES (?, ?, ?)")
                    .params(username, newHash, now).update();
            trimHistory(username);
            audit.append(AuditEvent.success(username, account.role(), "ADMIN_PASSWORD_CHANGED", username,
                    account.passwordChangeRequired() ? "required change done" : "by the holder"));
        });
    }

    /** Whether {@code candidate} is the current password or one of the remembered ones. */
    private boolean reused(String username, String currentHash, String candidate) {
        if (encoder.matches(candidate, currentHash)) {
            return true;
        }
        return remembered(username).stream().anyMatch(old -> encoder.matches(candidate, old));
    }

    private List<String> remembered(String username) {
        int history = policy.properties().history();
        if (history == 0) {
            return List.of();
        }
        return jdbc.sql("SELECT password_hash FROM admin_password_history WHERE username = ? ORDER BY set_at DESC "
                + "LIMIT " + history).param(username).query(String.class).list();
    }

    private void trimHistory(String username) {
        List<Timestamp> kept = jdbc.sql("SELECT set_at FROM admin_password_history WHERE username = ? "
                + "ORDER BY set_at DESC").param(username).query(Timestamp.class).list();
        int history = policy.properties().history();
        if (kept.size() > history) {
            if (history == 0) {
                jdbc.sql("DELETE FROM admin_password_history WHERE username = ?").param(username).update();
            } else {
                jdbc.sql("DELETE FROM admin_password_history WHERE username = ? AND set_at < ?")
                        .params(username, kept.get(history - 1)).update();
            }
        }
    }

    String passwordHash(String username) {
        return jdbc.sql("SELECT password_hash FROM admin_user WHERE username = ?").param(username)
                .query(String.class).single();
    }

    /** Inserts an account (bootstrap or an approved creation); a temporary password must be changed at first login. */
    void insert(String username, AdminRole role, String passwordHash, boolean mustChange, String createdBy) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO admin_user (username, password_hash, role, enabled, created_at, must_change_password, "
                        + "password_changed_at, created_by) VALUES (?, ?, ?, TRUE, ?, ?, ?, ?)")
                .params(username, passwordHash, role.name(), now, mustChange, now, createdBy).update();
    }

    /** Installs an approved temporary password, to be changed at the next login. */
    void installTemporaryPassword(String username, String passwordHash) {
        jdbc.sql("UPDATE admin_user SET password_hash = ?, must_change_password = TRUE, password_changed_at = ? "
                + "WHERE username = ?").params(passwordHash, Timestamp.from(Instant.now()), username).update();
    }

    void setEnabled(String username, boolean enabled) {
        jdbc.sql("UPDATE admin_user SET enabled = ? WHERE username = ?").params(enabled, username).update();
    }

    /** Enabled accounts of {@code role}, locked until the transaction ends (serialises "last of its role" checks). */
    int enabledLocked(AdminRole role) {
        return jdbc.sql("SELECT username FROM admin_user WHERE role = ? AND enabled = TRUE FOR UPDATE")
                .param(role.name()).query(String.class).list().size();
    }

    boolean empty() {
        return jdbc.sql("SELECT COUNT(*) FROM admin_user").query(Integer.class).single() == 0;
    }

    private Administrator map(ResultSet rs) throws SQLException {
        Instant changed = rs.getTimestamp(5) == null ? rs.getTimestamp(6).toInstant() : rs.getTimestamp(5).toInstant();
        PasswordPolicyProperties settings = policy.properties();
        boolean expired = settings.expires() && changed.plus(settings.maxAge()).isBefore(Instant.now());
        return new Administrator(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4) || expired,
                changed, rs.getTimestamp(6).toInstant(), rs.getString(7));
    }
}
