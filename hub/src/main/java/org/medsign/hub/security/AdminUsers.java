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

    public AdminUsers(JdbcClient jdbc, PasswordEncoder encoder, HubProperties hub) {
        this.jdbc = jdbc;
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

}
