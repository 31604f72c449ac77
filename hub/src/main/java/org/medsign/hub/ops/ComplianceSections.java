package org.medsign.hub.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.audit.AuditVerification;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.HubProperties;
import org.medsign.hub.demo.DemoProperties;
import org.medsign.hub.evidence.AuditChainVerification;
import org.medsign.hub.keys.HubSettings;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.pki.PkiProperties;
import org.medsign.hub.pki.TlsProperties;
import org.medsign.hub.security.AdminRole;
import org.medsign.hub.security.AdminUsers;
import org.medsign.hub.security.AdministratorBootstrap;
import org.medsign.hub.security.AdministratorBootstrapProperties;
import org.medsign.hub.security.RoleMatrix;
import org.medsign.hub.security.SecurityProperties;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

/**
 * The sections of the compliance pack (合规材料包), each a text file in Simplified Chinese with English labels, built
 * from the running hub: algorithm and key inventory, certificate ledger summary, role matrix and administrator
 * accounts, audit-chain verification, configuration snapshot (secrets redacted), security settings, the latest inspection
 * report (or a placeholder). Never key material, password hashes or secrets: {@link #knownSecrets()} lists what the pack
 * scrubs from every text as a last line of defence.
 */
@Component
public class ComplianceSections {

    /** Days ahead that count as "expiring soon" in the ledger summary. */
    static final int EXPIRING_DAYS = 60;

    private static final HexFormat HEX = HexFormat.of();

    private final HubProperties hub;
    private final HubPki pki;
    private final PkiProperties pkiProperties;
    private final KeyVault vault;
    private final StaffCertificateRepository certificates;
    private final AdminUsers administrators;
    private final AdministratorBootstrapProperties bootstrap;
    private final DemoProperties demo;
    private final TlsProperties tls;
    private final SecurityProperties security;
    private final AuditChainVerification verification;
    private final ConfigurableEnvironment environment;

    public ComplianceSections(HubProperties hub, HubPki pki, PkiProperties pkiProperties, KeyVault vault,
                              StaffCertificateRepository certificates, AdminUsers administrators,
                              AdministratorBootstrapProperties bootstrap, DemoProperties demo, TlsProperties tls,
                              SecurityProperties security, AuditChainVerification verification,
                              ConfigurableEnvironment environment) {
        this.hub = hub;
        this.pki = pki;
        this.pkiProperties = pkiProperties;
        this.vault = vault;
        this.certificates = certificates;
        this.administrators = administrators;
        this.bootstrap = bootstrap;
        this.demo = demo;
        this.tls = tls;
        this.security = security;
        this.verification = verification;
        this.environment = environment;
    }

    /** 01: which keys the hub holds, where, and which algorithm serves which function. */
    String algorithmsAndKeys(OperationsSigner.Signer signer) {
        Map<String, List<KeyVault.StoredKey>> byKind = new TreeMap<>();
        for (KeyVault.StoredKey key : vault.inventory()) {
            byKind.computeIfAbsent(kind(key.alias()), k -> new ArrayList<>()).add(key);
        }
        StringBuilder out = new StringBuilder("""
                # 密码算法与密钥清单 (Algorithm and key inventory)

                ## 算法按功能 (Algorithms per function)

                | 功能 Function | 算法 Algorithm | 说明 Notes |
                |---|---|---|
                | 文档签名 document signatures (CMS, PDF, raw) | SM2 签名 with SM3 (GB/T 32918, GM/T 0009 signer ID 1234567812345678) | CMS SignedData RFC 5652 / GM/T 0010 OIDs |
                | 内容摘要 content digests, audit chain hashes, manifests | SM3 (GB/T 32905) | |
                | 时间戳 timestamps (RFC 3161) | SM2/SM3 | embedded TSA or external TSA |
                | 证书、CRL、OCSP certificates, CRLs, OCSP | SM2 with SM3 | embedded CA (root, issuing CA) |
                | 协同签名 collaborative signatures | SM2 two-party (device share + hub share) | neither share signs alone |
                | 密钥存储 keys at rest (%KEYS%) | SM4-GCM under the KEK, alias as associated data | KEK = PBKDF2-HMAC-SM3 (200,000 iterations) over the bootstrap password; never stored |
                | 签名值与文档存储 signature values and documents at rest | SM4-GCM under the KEK | bound to their signature/request id |
                | 传输 TLS (HTTPS, MLLP over TLS) | ECDSA P-256 server certificates from the hub's TLS CA, JDK TLS suites | 国密 TLCP is not built |
                | 管理员口令 administrator passwords | BCrypt | only hashes stored, never exported |
                | 本材料包签名 this pack's signature | SM2 with SM3, detached CMS over SM3SUMS | the operations signer below |

                ## 密钥 (Keys the hub holds)

                All private keys are in the database table `%KEYS%`, wrapped with SM4-GCM under the KEK; the
                database is in the data directory (H2) or PostgreSQL. No key leaves the hub; this pack lists aliases
                and counts only.

                | 密钥 Key | 数量 Count | 别名 Aliases / 创建 created |
                |---|---|---|
                """.replace("%KEYS%", KeyVault.TABLE));
        byKind.forEach((kind, keys) -> out.append("| ").append(kind).append(" | ").append(keys.size()).append(" | ")
                .append(keys.size() <= 3 ? String.join("; ", keys.stream().map(k -> k.alias() + " (" + k.createdAt()
                        + ")").toList()) : keys.get(0).alias() + " … (" + keys.size() + " keys)").append(" |\n"));
        out.append("""

                ## 人员签名密钥按托管方式 (Staff keys by custody and certificate state)

                | 托管 Custody | 证书状态 State → 数量 count |
                |---|---|
                """);
        certificates.countsByCustodyAndStatus().forEach((custody, states) -> out.append("| ").append(custody)
                .append(" | ").append(states).append(" |\n"));
        out.append("""

                HUB: the hub holds the key (%KEYS%); UKEY: on the holder's USB key; EXTERNAL: outside the hub;
                COLLABORATIVE: two shares, device and hub.

                ## 密钥加密密钥 (SM4 key-encryption key)

                """.replace("%KEYS%", KeyVault.TABLE));
        boolean passwordFile = Files.exists(hub.home().resolve("secrets").resolve("bootstrap-password"));
        out.append("- derived at start from the bootstrap password; salt and check value in `" + HubSettings.TABLE + "` (kek.salt, "
                + "kek.check)\n- bootstrap password source: ").append(passwordFile
                ? "file `secrets/bootstrap-password` in the data directory (move it offline and use "
                + "MEDSIGN_BOOTSTRAP_PASSWORD)" : "environment (MEDSIGN_BOOTSTRAP_PASSWORD)").append("\n\n");
        out.append("## 证书 (CA and signer certificates)\n\n| 用途 Use | 主题 Subject | 序列号 Serial | 有效期至 Not after "
                + "| SM3 指纹 fingerprint |\n|---|---|---|---|---|\n");
        certificateRow(out, "根 CA root", pki.root());
        certificateRow(out, "签发 CA issuing", pki.issuing());
        certificateRow(out, "运维签名 operations signer", signer.certificate());
        String external = pkiProperties.externalTsaUrl();
        out.append("\n时间戳服务 TSA for signatures: ").append(external == null || external.isBlank()
                ? "embedded (key `tsa`)" : "external " + external).append('\n');
        return out.toString();
    }

    /** 02: the certificate ledger by state, custody, and what expires soon. */
    String certificateLedger(Instant now) {
        StringBuilder out = new StringBuilder("# 证书台账摘要 (Certificate ledger summary)\n\n");
        out.append("generated_at: ").append(now).append("\n\n| 状态 State | 数量 Count |\n|---|---|\n");
        long total = 0;
        for (Map.Entry<String, Long> state : new TreeMap<>(certificates.countsByStatus()).entrySet()) {
            out.append("| ").append(state.getKey()).append(" | ").append(state.getValue()).append(" |\n");
            total += state.getValue();
        }
        out.append("| total | ").append(total).append(" |\n\n");
        var ending = certificates.activeHeldEndingBy(now.plus(Duration.ofDays(EXPIRING_DAYS)));
        out.append("## 即将到期 (ACTIVE, expiring within ").append(EXPIRING_DAYS).append(" days): ")
                .append(ending.size()).append("\n\n");
        if (!ending.isEmpty()) {
            out.append("| 序列号 Serial | 人员 Staff | 到期 Not after |\n|---|---|---|\n");
            ending.stream().limit(500).forEach(e -> out.append("| ").append(e.serial()).append(" | ")
                    .append(e.staffId()).append(" | ").append(e.notAfter()).append(" |\n"));
        }
        out.append("\nThe full inventory (categories, proposed actions) is `02-certificate-inventory.csv` when the "
                + "pack carries it (GET /api/v1/ledger/inventory?format=csv).\n");
        return out.toString();
    }

    /** 03: the role matrix (三员) and the administrator accounts, never their password hashes. */
    String rolesAndAccounts() {
        StringBuilder out = new StringBuilder("""
                # 三员角色矩阵与管理员账户 (Role matrix and administrator accounts)

                Roles: SYSTEM_ADMIN 系统管理员 (sysadmin), SECURITY_ADMIN 安全管理员 (secadmin),
                AUDIT_ADMIN 审计管理员 (auditadmin). Deny by default: what is not listed is refused.

                | 区域 Area | 路径 Paths | SYSTEM_ADMIN | SECURITY_ADMIN | AUDIT_ADMIN | 说明 Notes |
                |---|---|---|---|---|---|
                """);
        for (RoleMatrix.Row row : RoleMatrix.ROWS) {
            out.append("| ").append(row.area()).append(" | ").append(row.paths());
            for (AdminRole role : AdminRole.values()) {
                out.append(" | ").append(row.roles().contains(role) ? "✔" : "—");
            }
            out.append(" | ").append(row.note() == null ? "" : row.note()).append(" |\n");
        }
        out.append("""

                ## 管理员账户 (Administrator accounts)

                | 用户 User | 角色 Role | 启用 Enabled | 须改口令 Must change password | 口令修改时间 Password changed | 创建 Created | 创建者 By |
                |---|---|---|---|---|---|---|
                """);
        for (AdminUsers.Administrator a : administrators.list()) {
            out.append("| ").append(a.username()).append(" | ").append(a.role()).append(" | ").append(a.enabled())
                    .append(" | ").append(a.passwordChangeRequired()).append(" | ")
                    .append(a.passwordChangedAt() == null ? "never" : a.passwordChangedAt()).append(" | ")
                    .append(a.createdAt()).append(" | ").append(a.createdBy()).append(" |\n");
        }
        return out.toString();
    }

    /** 04: a verification of the whole audit chain, run now with the hub's verifier. */
    String auditVerification() {
        AuditChainVerification.Outcome outcome = verification.verifyNow();
        AuditVerification result = outcome.result();
        return "# 审计链校验 (Audit chain verification)\n\n"
                + "verified_at: " + outcome.finishedAt() + "\n"
                + "intact: " + result.intact() + "\n"
                + "events: " + result.events() + "\n"
                + "nodes: " + result.nodes() + "\n"
                + "anchors: " + result.anchors() + "\n"
                + "summary: " + result.summary() + "\n"
                + result.problem().map(p -> "problem: " + p.describe() + "\n").orElse("")
                + "\nThe same check runs offline: `medsign audit verify` against the database (docs/evidence.md); "
                + "the hub repeats it every medsign.audit.verify-interval (health auditChain).\n";
    }

    /** 05: the configuration snapshot, secrets redacted. */
    ConfigurationSnapshot.Snapshot configuration() {
        return ConfigurationSnapshot.of(environment, knownSecrets());
    }

    /**
     * The security settings as flags, for the inspection (巡检) and 06 alike.
     *
     * @param unchangedPasswords bootstrap administrators whose generated password is not changed yet
     */
    public record SecurityState(List<String> unchangedPasswords, boolean sharedPassword, boolean demoData,
                                boolean tls, boolean plainHttpOffLoopback, boolean publicMetrics,
                                boolean bootstrapPasswordFile, List<String> passwordFiles) {

        /** Every bootstrap password changed and no shared one configured. */
        public boolean passwordsChanged() {
            return unchangedPasswords.isEmpty() && !sharedPassword;
        }
    }

    /** The security settings now. */
    public SecurityState securityState() {
        List<String> unchanged = administrators.list().stream()
                .filter(a -> AdministratorBootstrap.USERS.contains(a.username()) && a.passwordChangeRequired())
                .map(AdminUsers.Administrator::username).toList();
        List<String> passwordFiles = new ArrayList<>();
        for (String user : AdministratorBootstrap.USERS) {
            if (Files.exists(hub.home().resolve("secrets").resolve(user + "-password"))) {
                passwordFiles.add("secrets/" + user + "-password");
            }
        }
        return new SecurityState(unchanged, bootstrap.shared(), demo.enabled(), tls.enabled(),
                tls.allowPlainHttpOffLoopback(), security.publicMetrics(),
                Files.exists(hub.home().resolve("secrets").resolve("bootstrap-password")), passwordFiles);
    }

    /** 06: the security settings an assessor asks about, each with a finding when it is not as it should be. */
    String securitySettings() {
        List<String> findings = new ArrayList<>();
        List<AdminUsers.Administrator> admins = administrators.list();
        List<String> unchanged = admins.stream().filter(a -> AdministratorBootstrap.USERS.contains(a.username())
                && a.passwordChangeRequired()).map(AdminUsers.Administrator::username).toList();
        if (!unchanged.isEmpty()) {
            findings.add("初始口令未修改 generated bootstrap passwords not changed yet: " + unchanged);
        }
        if (bootstrap.shared()) {
            findings.add("配置了共享初始口令 medsign.security.admin-password (MEDSIGN_ADMIN_PASSWORD) is set: tests and "
                    + "demos only");
        }
        List<String> passwordFiles = new ArrayList<>();
        for (String user : AdministratorBootstrap.USERS) {
            if (Files.exists(hub.home().resolve("secrets").resolve(user + "-password"))) {
                passwordFiles.add("secrets/" + user + "-password");
            }
        }
        if (!passwordFiles.isEmpty()) {
            findings.add("初始口令文件仍在 bootstrap password files still in the data directory: " + passwordFiles);
        }
        if (demo.enabled()) {
            findings.add("演示数据已开启 demo data is on (medsign.demo.enabled)");
        }
        if (!tls.enabled()) {
            findings.add("HTTPS 未开启 the HTTPS listener is off (medsign.tls.enabled)");
        }
        if (tls.allowPlainHttpOffLoopback()) {
            findings.add("明文 HTTP 可从外部访问 plain HTTP allowed off loopback");
        }
        if (security.publicMetrics()) {
            findings.add("监控指标无需认证 /actuator/prometheus is public (medsign.security.public-metrics)");
        }
        if (Files.exists(hub.home().resolve("secrets").resolve("bootstrap-password"))) {
            findings.add("主密钥口令文件在数据目录 secrets/bootstrap-password is next to the database");
        }
        StringBuilder out = new StringBuilder("# 安全配置 (Security settings)\n\n| 项 Setting | 值 Value |\n|---|---|\n");
        row(out, "管理员初始口令均已修改 bootstrap passwords changed", unchanged.isEmpty() && !bootstrap.shared());
        row(out, "共享初始口令 shared admin password configured", bootstrap.shared());
        row(out, "演示数据 demo data (medsign.demo.enabled)", demo.enabled());
        row(out, "HTTPS (medsign.tls.enabled, port)", tls.enabled() + ", " + tls.port());
        row(out, "明文 HTTP 监听 plain HTTP address (server.address)",
                environment.getProperty("server.address", "all interfaces"));
        row(out, "Prometheus 公开 public metrics", security.publicMetrics());
        row(out, "登录失败锁定 lockout after failures", security.maxFailedAuthentications() + " in "
                + security.failureWindow() + ", locked " + security.lockout());
        row(out, "Jolokia 限制 restrictor", "JolokiaAccessPolicy: read/list/search (no secret attributes), exec of "
                + "route control only, no write, no notifications; SYSTEM_ADMIN only");
        row(out, "Jolokia 停用服务 disabled services",
                environment.getProperty("management.endpoint.jolokia.config.disabledServices", "none"));
        row(out, "Jolokia discovery", environment.getProperty("management.endpoint.jolokia.config.discoveryEnabled",
                "default"));
        row(out, "Web 暴露的端点 exposed actuator endpoints",
                environment.getProperty("management.endpoints.web.exposure.include", "default"));
        out.append("\n## 发现 (Findings)\n\n");
        if (findings.isEmpty()) {
            out.append("none\n");
        }
        findings.forEach(f -> out.append("- ").append(f).append('\n'));
        return out.toString();
    }

    /** 07 when no inspection has run yet: the pack then says so (else it carries the latest report's HTML). */
    String inspectionPlaceholder() {
        return """
                # 最新巡检报告 (Latest inspection report)

                尚无巡检报告：尚未执行过巡检。No inspection report: no inspection has run yet. Run one with
                `medsign report inspection` or POST /api/v1/ops/inspections (system administrator); the pack then
                carries the latest report as 07-inspection-report.html.
                """;
    }

    /**
     * Values that must never appear in the pack: every line of the files in the data directory's {@code secrets/}
     * (API keys, tokens, bootstrap and generated passwords, activation codes) and the configured passwords.
     */
    List<String> knownSecrets() {
        List<String> secrets = new ArrayList<>();
        Path dir = hub.home().resolve("secrets");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        if (line.isBlank() || line.strip().startsWith("#")) {
                            continue; // a file's explanation, not a secret
                        }
                        secrets.add(line.trim());
                        for (String token : line.trim().split("[\\s,;=]+")) {
                            if (!token.matches("[\\p{L}-]*")) { // plain words are labels; codes and keys are not
                                secrets.add(token);
                            }
                        }
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new IllegalStateException("cannot read the data directory's secrets to keep them out of the "
                        + "pack", e);
            }
        }
        if (bootstrap.shared()) {
            secrets.add(bootstrap.adminPassword());
        }
        for (String variable : List.of("MEDSIGN_BOOTSTRAP_PASSWORD", "MEDSIGN_ADMIN_PASSWORD")) {
            String value = System.getenv(variable);
            if (value != null) {
                secrets.add(value);
            }
        }
        secrets.removeIf(s -> s == null || s.length() < 6);
        secrets.sort((a, b) -> b.length() - a.length()); // longest first: a secret containing another goes whole
        return secrets;
    }

    private static void row(StringBuilder out, String name, Object value) {
        out.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static void certificateRow(StringBuilder out, String use, X509CertificateHolder certificate) {
        String fingerprint;
        try {
            fingerprint = HEX.formatHex(Sm3.digest(certificate.getEncoded()));
        } catch (IOException e) {
            fingerprint = "?";
        }
        out.append("| ").append(use).append(" | ").append(DistinguishedNames.toText(certificate.getSubject()))
                .append(" | ").append(certificate.getSerialNumber().toString(16)).append(" | ")
                .append(certificate.getNotAfter().toInstant()).append(" | ").append(fingerprint).append(" |\n");
    }

    /** The inventory's name for a vault alias. */
    static String kind(String alias) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        prefixes.put("ca-root", "根 CA root CA (SM2)");
        prefixes.put("ca-issuing", "签发 CA issuing CA (SM2)");
        prefixes.put("tsa", "时间戳 embedded TSA (SM2)");
        prefixes.put("seal-maker-", "制章者 seal maker (SM2)");
        prefixes.put("ops-signer-", "运维签名 operations signer (SM2)");
        prefixes.put("staff-", "人员签名密钥 staff signing keys, hub custody (SM2)");
        prefixes.put(KeyVault.SHARE_PREFIX, "协同签名服务端分量 collaborative key shares, hub side (SM2)");
        prefixes.put("tls-ca", "TLS CA (ECDSA P-256)");
        prefixes.put("tls-", "TLS 服务器/客户端 TLS server and client keys (ECDSA P-256)");
        for (Map.Entry<String, String> prefix : prefixes.entrySet()) {
            if (alias.equals(prefix.getKey()) || (prefix.getKey().endsWith("-") && alias.startsWith(prefix.getKey()))) {
                return prefix.getValue();
            }
        }
        return "其他 other";
    }
}
