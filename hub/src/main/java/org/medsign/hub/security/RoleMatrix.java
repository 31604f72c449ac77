package org.medsign.hub.security;

import java.util.List;
import java.util.Set;

/**
 * The separation of duties (三员分立) as the security rules enforce it ({@link SecurityConfiguration},
 * {@link ConsoleSecurityConfiguration}), written out for auditors: which administrator role may use which area.
 * Kept beside the rules it describes; a change to one is a change to the other (the compliance pack's test checks
 * the rows it states about the pack itself against real HTTP answers).
 */
public final class RoleMatrix {

    /**
     * One area of the hub and who may use it.
     *
     * @param area    what it is for
     * @param paths   the HTTP paths (API and console)
     * @param roles   the administrator roles allowed; empty when no administrator is (systems' API keys, public)
     * @param note    who else, or a restriction
     */
    public record Row(String area, String paths, Set<AdminRole> roles, String note) {
    }

    private static final Set<AdminRole> SYS = Set.of(AdminRole.SYSTEM_ADMIN);
    private static final Set<AdminRole> SEC = Set.of(AdminRole.SECURITY_ADMIN);
    private static final Set<AdminRole> AUD = Set.of(AdminRole.AUDIT_ADMIN);
    private static final Set<AdminRole> SEC_AUD = Set.of(AdminRole.SECURITY_ADMIN, AdminRole.AUDIT_ADMIN);
    private static final Set<AdminRole> ALL = Set.of(AdminRole.values());

    /** The rows, API first, then the console. */
    public static final List<Row> ROWS = List.of(
            new Row("运行管理 hub operations: routes, dead letters, systems, health, metrics, hawtio/Jolokia",
                    "/api/v1/admin/**, /actuator/**, /console/systems", SYS, "Jolokia: read-only plus route control "
                    + "(JolokiaAccessPolicy); /actuator/prometheus also with the metrics token"),
            new Row("管理员账户 administrator accounts (requests and approvals, four eyes)", "/api/v1/admin/users/**, "
                    + "/console/administrators", SEC_AUD, "a request by one is approved by another"),
            new Row("人员与证书 staff, certificate ledger, import, campaigns, approvals, expiry", "/api/v1/ledger/**, "
                    + "/api/v1/admin/staff/**, /console/ledger, /console/approvals, /console/campaigns, /console/expiry",
                    SEC, null),
            new Row("证书盘点 certificate inventory", "GET /api/v1/ledger/inventory, /console/inventory", SEC_AUD, null),
            new Row("电子印章 seals", "/api/v1/seals/**", SEC, "seal use log GET /api/v1/seal-usage: also audit"),
            new Row("移动签名 mobile signing: activation codes, windows, lost phones",
                    "/api/v1/admin/device-campaign/**, /console/mobile", SEC, null),
            new Row("审计 audit chain search, export, verification", "/api/v1/audit/**, /console/audit", AUD, null),
            new Row("证据包 evidence packages", "/api/v1/evidence/**", SEC_AUD, null),
            new Row("合规材料包 compliance pack", "GET /api/v1/ops/compliance-pack", AUD, null),
            new Row("运维 alerts, fault ledger, SLA, inspections (巡检), backups", "/api/v1/ops/** (but the compliance "
                    + "pack), /console/systems/alerts", SYS, null),
            new Row("年度运维总结与健康评估 annual report", "GET /api/v1/ops/annual-report, annual-report.html, "
                    + "annual-report.pdf", SYS, null),
            new Row("本人账户 own account (password)", "/api/v1/account/**, /console/account/**", ALL, null),
            new Row("签名接口 signing API", "/api/v1/sign/**, /fhir/**, /adapters/**, MLLP", Set.of(),
                    "hospital systems with their API key (or mTLS); no administrator signs"),
            new Row("临床医生 clinicians' app and web tickets", "/api/v1/m/**, /api/v1/web/**", Set.of(),
                    "the clinician's own session or ticket only"));

    private RoleMatrix() {
    }
}
