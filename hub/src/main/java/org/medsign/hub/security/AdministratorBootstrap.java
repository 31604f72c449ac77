package org.medsign.hub.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.medsign.hub.HubProperties;
import org.medsign.hub.SecretFiles;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first start (no administrator yet): creates {@code sysadmin}, {@code secadmin} and {@code auditadmin}, one per
 * role (三员), each with its own generated password in {@code $MEDSIGN_HOME/secrets/<user>-password} (owner-only),
 * to be changed at the first login. With {@code medsign.security.admin-password} ({@code MEDSIGN_ADMIN_PASSWORD})
 * all three get that password instead and no forced change: for tests and demos. Runs while the context starts,
 * before the HTTP port accepts requests.
 */
@Component
public class AdministratorBootstrap {

    /** The three accounts of a fresh installation and their roles. */
    public static final List<String> USERS = List.of("sysadmin", "secadmin", "auditadmin");
    private static final List<AdminRole> ROLES = List.of(AdminRole.SYSTEM_ADMIN, AdminRole.SECURITY_ADMIN,
            AdminRole.AUDIT_ADMIN);

    private static final Logger log = LoggerFactory.getLogger(AdministratorBootstrap.class);

    public AdministratorBootstrap(AdminUsers users, PasswordEncoder encoder, PasswordPolicy policy, AuditLog audit,
                                  AdministratorBootstrapProperties properties, HubProperties hub,
                                  PlatformTransactionManager transactionManager) {
        Path secrets = hub.home().resolve("secrets");
        Path legacy = secrets.resolve("admin-password");
        if (Files.exists(legacy)) {
            log.warn("{} is no longer used (each administrator has their own password since issue #11); delete it",
                    legacy.toAbsolutePath());
        }
        if (!users.empty()) {
            return;
        }
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            for (int i = 0; i < USERS.size(); i++) {
                String user = USERS.get(i);
                String password;
                String detail;
                if (properties.shared()) {
                    password = properties.adminPassword();
                    detail = "bootstrap, role " + ROLES.get(i) + ", password from medsign.security.admin-password";
                } else {
                    password = policy.generate(user);
                    SecretFiles.writeOwnerOnly(secrets.resolve(user + "-password"), password);
                    detail = "bootstrap, role " + ROLES.get(i) + ", generated password to be changed at first login";
                }
                users.insert(user, ROLES.get(i), encoder.encode(password), !properties.shared(), "hub");
                audit.append(AuditEvent.success("hub", "SYSTEM", "ADMIN_CREATED", user, detail));
            }
        });
        if (properties.shared()) {
            log.warn("Created administrators sysadmin, secadmin, auditadmin with the one password of "
                    + "MEDSIGN_ADMIN_PASSWORD (tests and demos only: no forced change)");
        } else {
            log.warn("Created administrators sysadmin, secadmin, auditadmin; their initial passwords are in {} "
                    + "(sysadmin-password, secadmin-password, auditadmin-password; owner-only) and must be changed "
                    + "at the first login", secrets.toAbsolutePath());
        }
    }
}
