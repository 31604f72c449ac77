package org.medsign.hub.security;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.medsign.hub.HubProperties;
import org.medsign.hub.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Administrator accounts (table admin_user, BCrypt hashes). On first start creates {@code sysadmin},
 * {@code secadmin} and {@code auditadmin}, one per role; their initial password is {@code MEDSIGN_ADMIN_PASSWORD}
 * when set, else generated and written to {@code $MEDSIGN_HOME/secrets/admin-password} (owner-only).
 */
@Component
public class AdminUsers implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(AdminUsers.class);
    private static final List<String[]> BOOTSTRAP = List.of(new String[] {"sysadmin", "SYSTEM_ADMIN"},
            new String[] {"secadmin", "SECURITY_ADMIN"}, new String[] {"auditadmin", "AUDIT_ADMIN"});

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;

    /** An administrator as listed (never the password hash). */
    public record Administrator(String username, String role, boolean enabled, Instant createdAt) {
    }

    public AdminUsers(JdbcClient jdbc, PasswordEncoder encoder, HubProperties hub) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        boolean empty = jdbc.sql("SELECT COUNT(*) FROM admin_user").query(Integer.class).single() == 0;
        if (empty) {
            String password = System.getenv("MEDSIGN_ADMIN_PASSWORD");
            if (password == null || password.isEmpty()) {
                password = SecretFiles.generate(18);
                SecretFiles.writeOwnerOnly(hub.home().resolve("secrets").resolve("admin-password"), password);
                log.warn("Generated the initial administrator password; it is in {} (owner-only)",
                        hub.home().resolve("secrets").resolve("admin-password").toAbsolutePath());
            }
            for (String[] user : BOOTSTRAP) {
                jdbc.sql("INSERT INTO admin_user (username, password_hash, role, enabled, created_at) VALUES (?, ?, ?, TRUE, ?)")
                        .params(user[0], encoder.encode(password), user[1], Timestamp.from(Instant.now())).update();
            }
            log.info("Created administrators sysadmin, secadmin, auditadmin");
        }
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

    /**
     * Adds an administrator (e.g. the second security administrator dual control needs). The password must have at
     * least 12 characters with letters and digits (等保 password complexity).
     */
    public void create(String username, AdminRole role, String password) {
        if (username == null || !username.matches("[a-z][a-z0-9._-]{2,63}")) {
            throw new org.medsign.hub.HubException("ADMIN_NAME_INVALID",
                    "user names are 3-64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter");
        }
        if (password == null || password.length() < 12 || !password.matches(".*[A-Za-z].*")
                || !password.matches(".*[0-9].*")) {
            throw new org.medsign.hub.HubException("ADMIN_PASSWORD_WEAK",
                    "the password needs at least 12 characters with letters and digits");
        }
        if (jdbc.sql("SELECT COUNT(*) FROM admin_user WHERE username = ?").param(username).query(Integer.class)
                .single() > 0) {
            throw new org.medsign.hub.HubException("ADMIN_EXISTS", "administrator " + username + " exists");
        }
        jdbc.sql("INSERT INTO admin_user (username, password_hash, role, enabled, created_at) VALUES (?, ?, ?, TRUE, ?)")
                .params(username, encoder.encode(password), role.name(), Timestamp.from(Instant.now())).update();
    }

    /** All administrators. */
    public List<Administrator> list() {
        return jdbc.sql("SELECT username, role, enabled, created_at FROM admin_user ORDER BY username")
                .query((rs, n) -> new Administrator(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        rs.getTimestamp(4).toInstant())).list();
    }
}
