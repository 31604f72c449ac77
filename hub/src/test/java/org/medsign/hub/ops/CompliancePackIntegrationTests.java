package org.medsign.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.cli.MedsignCommand;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.interop.Openssl;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.pki.HubPki;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The compliance pack of a running hub: downloaded with {@code medsign compliance-pack} as the audit administrator,
 * it has every section, verifies with OpenSSL alone (its own verify.sh, the root pinned) and fails when a file is
 * changed, carries no secret of the data directory, and its operations log shows the start, the migrations and the
 * route loads and reloads; the export is audited and other roles are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CompliancePackIntegrationTests extends HubTestSupport {

    static Path home;

    @TempDir
    Path work;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HubPki pki;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        registry.add("medsign.routes.dir", routes::toString);
    }

    @Override
    protected Path home() {
        return home;
    }

    private record Run(int exit, String out) {
    }

    /** {@code medsign …} as an operator runs it: its own JVM, the password in the environment. */
    private Run cli(String password, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), MedsignCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MEDSIGN_PASSWORD", password);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), out);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private Path unpack(String name, Map<String, byte[]> files) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        return dir;
    }

    private Openssl.Result verifySh(Path dir) throws IOException {
        Path root = Files.writeString(work.resolve("pinned-root.pem"), Pem.certificatePem(pki.root()));
        return Openssl.exec(dir, Map.of("PATH", System.getenv("PATH")), List.of("sh", "verify.sh", root.toString()));
    }

    private static String text(Map<String, byte[]> files, String name) {
        assertThat(files).containsKey(name);
        return new String(files.get(name), StandardCharsets.UTF_8);
    }

    @Test
    void auditAdministratorDownloadsASignedPackWithEverySectionThatOpensslVerifies() throws Exception {
        HttpResponse<String> reload = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/admin/routes/reload"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);

        Path out = work.resolve("pack.zip");
        Run run = cli(adminPassword(), "compliance-pack", "--hub", "http://localhost:" + port, "--user", "auditadmin",
                "--out", out.toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("compliance pack written to");
        Map<String, byte[]> files = unzip(Files.readAllBytes(out));
        assertThat(files).containsKeys("README.md", "manifest.txt", "01-algorithms-and-keys.md",
                "02-certificate-ledger.md", "02-certificate-inventory.csv", "03-roles-and-accounts.md",
                "04-audit-chain-verification.md", "05-configuration.properties", "06-security-settings.md",
                "07-inspection-report.md", "08-operations-log.csv", "verify.sh", "certs/signer.pem",
                "certs/issuing-ca.pem", "certs/root-ca.pem", "SM3SUMS", "SM3SUMS.p7s");
        assertThat(text(files, "manifest.txt")).contains("format=medsign-compliance-pack-1", "exported_by=auditadmin");
        assertThat(text(files, "01-algorithms-and-keys.md")).contains("SM2", "SM3", "SM4-GCM", "ca-root",
                "ca-issuing", "运维签名 operations signer");
        assertThat(text(files, "02-certificate-ledger.md")).contains("| ACTIVE |");
        assertThat(text(files, "03-roles-and-accounts.md")).contains("| sysadmin | SYSTEM_ADMIN |",
                "| secadmin | SECURITY_ADMIN |", "| auditadmin | AUDIT_ADMIN |", "合规材料包 compliance pack");
        assertThat(text(files, "04-audit-chain-verification.md")).contains("intact: true");
        assertThat(text(files, "05-configuration.properties")).contains("medsign.security.admin-password=[REDACTED]",
                "spring.datasource.url=jdbc:h2:file:", "medsign.node=");
        assertThat(text(files, "06-security-settings.md")).contains("配置了共享初始口令", "演示数据已开启");
        assertThat(text(files, "07-inspection-report.md")).contains("no inspection has run yet");
        String operations = text(files, "08-operations-log.csv");
        assertThat(operations).contains(",HUB_STARTED,", ",MIGRATIONS_APPLIED,", ",ROUTES_LOADED,",
                ",sysadmin,SYSTEM_ADMIN,ROUTES_RELOAD,");
        assertThat(operations.lines().filter(l -> l.contains(",HUB_STARTED,")).findFirst().orElseThrow())
                .contains("version=", "node=");
        assertThat(operations.lines().filter(l -> l.contains(",MIGRATIONS_APPLIED,")).findFirst().orElseThrow())
                .contains("first=V1");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'COMPLIANCE_PACK_EXPORTED' "
                + "AND actor = 'auditadmin'").query(Integer.class).single()).isPositive();

        Openssl.assumeAvailable();
        Openssl.Result verified = verifySh(unpack("good", files));
        assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).contains("ok: root certificate is the pinned one", "ok: SM3SUMS.p7s: SM2 signature",
                "files match SM3SUMS", "ALL CHECKS PASSED");

        Map<String, byte[]> changed = new LinkedHashMap<>(files);
        changed.put("06-security-settings.md", (text(files, "06-security-settings.md") + "\nall fine\n")
                .getBytes(StandardCharsets.UTF_8));
        Openssl.Result tampered = verifySh(unpack("changed", changed));
        assertThat(tampered.exit()).as(tampered.out()).isEqualTo(1);
        assertThat(tampered.out()).contains("FAILED: 06-security-settings.md: SM3 is not the one in SM3SUMS");

        Map<String, byte[]> resummed = new LinkedHashMap<>(changed);
        resummed.put("SM3SUMS", text(files, "SM3SUMS").replaceFirst("^[0-9a-f]{64}", "0".repeat(64))
                .getBytes(StandardCharsets.US_ASCII));
        Openssl.Result forged = verifySh(unpack("forged", resummed));
        assertThat(forged.exit()).as(forged.out()).isEqualTo(1);
        assertThat(forged.out()).contains("FAILED: SM3SUMS.p7s: the signed message digest is not SM3 of SM3SUMS");

        Map<String, byte[]> added = new LinkedHashMap<>(files);
        added.put("extra.md", "smuggled".getBytes(StandardCharsets.UTF_8));
        Openssl.Result smuggled = verifySh(unpack("added", added));
        assertThat(smuggled.exit()).as(smuggled.out()).isEqualTo(1);
        assertThat(smuggled.out()).contains("FAILED: extra.md is not listed in SM3SUMS");
    }

    @Test
    void packCarriesNoSecretOfTheDataDirectory() throws Exception {
        HttpResponse<byte[]> answer = sendBytes(HttpRequest.newBuilder(uri("/api/v1/ops/compliance-pack"))
                .header("Authorization", "Basic " + b64("auditadmin:" + adminPassword())).GET().build());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
        Map<String, byte[]> files = unzip(answer.body());

        List<String> secrets = new ArrayList<>(List.of(adminPassword()));
        try (Stream<Path> list = Files.list(home.resolve("secrets"))) {
            for (Path file : list.toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        // a whole line (an API key, a token, a password) and each code on an activation line
                        secrets.add(line.trim());
                        for (String part : line.trim().split("\\s+")) {
                            if (part.length() >= 6) {
                                secrets.add(part);
                            }
                        }
                    }
                }
            }
        }
        assertThat(secrets).as("the data directory's secrets the scan looks for")
                .contains(demoKey(), metricsToken());
        assertThat(Files.exists(home.resolve("secrets").resolve("bootstrap-password"))).isTrue();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String content = new String(file.getValue(), StandardCharsets.ISO_8859_1);
            String utf8 = new String(file.getValue(), StandardCharsets.UTF_8);
            for (String secret : secrets) {
                assertThat(utf8).as(file.getKey() + " must not contain a secret").doesNotContain(secret);
            }
            assertThat(content).as(file.getKey()).doesNotContain("-----BEGIN PRIVATE KEY", "EC PRIVATE KEY",
                    "ENCRYPTED PRIVATE KEY", "$2a$", "$2b$", "$2y$");
        }
    }

    @Test
    void otherRolesAndSystemsAreRefused() {
        for (String user : new String[] {"sysadmin", "secadmin"}) {
            HttpResponse<String> refused = asAdmin(user, HttpRequest.newBuilder(uri("/api/v1/ops/compliance-pack"))
                    .GET());
            assertThat(refused.statusCode()).as(user).isEqualTo(403);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'ACCESS_DENIED' AND actor = ? "
                    + "AND target = '/api/v1/ops/compliance-pack'").param(user).query(Integer.class).single())
                    .isPositive();
        }
        assertThat(getWithKey("/api/v1/ops/compliance-pack").statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/ops/compliance-pack")).GET().build()).statusCode())
                .isEqualTo(401);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'COMPLIANCE_PACK_EXPORTED' "
                + "AND actor <> 'auditadmin'").query(Integer.class).single()).isZero();
    }
}
