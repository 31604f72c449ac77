package org.medsign.hub.security;

/** The three separated administrator roles (三员分立), plus hospital systems. */
public enum AdminRole {
    /** 系统管理员: runs the hub (routes, dead letters, hawtio, health). */
    SYSTEM_ADMIN,
    /** 安全管理员: certificates, seals, authorizations. */
    SECURITY_ADMIN,
    /** 审计管理员: reads audit and evidence, nothing else. */
    AUDIT_ADMIN;

    /** Spring authority name. */
    public String authority() {
        return "ROLE_" + name();
    }
}
