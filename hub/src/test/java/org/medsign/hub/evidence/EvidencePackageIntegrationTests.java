package org.medsign.hub.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.cli.MedsignCommand;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.interop.Openssl;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.integration.MllpPeer;
import org.medsign.hub.pki.HubPki;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import picocli.CommandLine;

/**
 * Acceptance of issue #6 point 4: a discharge summary signed through the HIS route (MDM^T02 over a real MLLP
 * socket) is exported by {@code medsign evidence export} from the running hub over HTTP, and the package verifies
 * with its own {@code verify.sh} run by {@code sh} in a directory holding only the unzipped package (OpenSSL, no
 * Java, no hub) and with {@code medsign evidence verify}; a changed byte of the CMS or a changed audit event makes
 * both fail; unknown ids are 404 problems, other roles 403, a foreign ZIP exit 3.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EvidencePackageIntegrationTests extends HubTestSupport {

    private static final Charset GBK = Charset.forName("GBK");
    private static final ObjectMapper JSON = new ObjectMapper();
    static Path home;
    static int mllpPort;
    static MllpPeer.Listener his;

    @TempDir
    Path work;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HubPki pki;

    @Autowired
    EvidenceRecordJob evidenceRecords;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        try (ServerSocket socket = new ServerSocket(0)) {
            mllpPort = socket.getLocalPort();
        }
        his = new MllpPeer.Listener(GBK);
        Files.writeString(routes.resolve("his.yaml"), Files.readString(Path.of("../routes/his.yaml"))
                .replace("value: \"2575\"", "value: \"" + mllpPort + "\"")
                .replace("value: \"2585\"", "value: \"" + his.port() + "\""));
        registry.add("medsign.routes.dir", routes::toString);
    }

    @Override
    protected Path home() {
        return home;
    }

    private String signThroughHis(String text) throws IOException {
        String controlId = "EVD" + System.nanoTime();
        String message = "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId
                + "|P|2.4|||||CHN|GBK\r"
                + "EVN|T02|20261127093000\r"
                + "PID|1||P123456^^^HOSP^MR||张^三||19800101|M\r"
                + "TXA|1|DS|TX|20261127092500|D0003^王^医生||20261127092500|||||DOC-" + controlId
                + "||||||AU||||D0003^王^医生\r"
                + "OBX|1|TX|DISCHARGE^出院小结^L||" + text + "||||||F\r";
        String ack = MllpPeer.send(mllpPort, message.getBytes(GBK), GBK);
        assertThat(MllpPeer.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        return Awaitility.await("signature of " + controlId).atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                        "SELECT signature_id FROM signature_record WHERE system_id = 'his' AND request_id = ?")
                .param(controlId).query(String.class).optional().orElse(null), java.util.Objects::nonNull);
    }

    private record Run(int exit, String out) {
    }

    /** {@code medsign …} as an operator runs it: its own JVM, the password in the environment. */
    private Run cliProcess(String password, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MedsignCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MEDSIGN_PASSWORD", password);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), out);
    }

    /** {@code medsign evidence verify} through the command class. */
    private static Run verifyCommand(Path zip, String... options) {
        StringWriter out = new StringWriter();
        CommandLine cli = MedsignCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        List<String> args = new ArrayList<>(List.of("evidence", "verify", zip.toString()));
        args.addAll(List.of(options));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString());
    }

    /** {@code sh verify.sh} in a directory that holds only the unzipped package. */
    private Openssl.Result shell(String name, Map<String, byte[]> files, String... args) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        List<String> command = new ArrayList<>(List.of("sh", "verify.sh"));
        command.addAll(List.of(args));
        return Openssl.exec(dir, Map.of("PATH", System.getenv("PATH")), command);
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private Path zip(String name, Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue());
                out.closeEntry();
            }
        }
        return Files.write(work.resolve(name), bytes.toByteArray());
    }

    @Test
    void hisSignatureEvidencePackageVerifiesWithOpensslAloneAndWithTheCliAndTamperingFailsBoth() throws Exception {
        Openssl.assumeAvailable();
        String text = "患者恢复良好，准予出院。";
        String signatureId = signThroughHis(text);
        Path root = Files.writeString(work.resolve("hospital-root.pem"), Pem.certificatePem(pki.root()));
        assertThat(evidenceRecords.coverNextBatch()).as("RFC 4998 records for the signatures not yet covered").isPositive();
        // renewed once (as before a TSA key change): the package then carries a chain of two archive timestamps
        java.net.http.HttpResponse<String> renewed = asAdmin("sysadmin", java.net.http.HttpRequest.newBuilder(
                uri("/api/v1/admin/evidence-records/renew?force=true")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.body()).doesNotContain("\"batches\":0");
        assertThat(org.bouncycastle.asn1.tsp.EvidenceRecord.getInstance(evidenceRecords.recordOf(signatureId)
                .orElseThrow()).getArchiveTimeStampSequence().getArchiveTimeStampChains()[0].getArchiveTimestamps())
                .hasSize(2);
        // and its hash tree renewed under SHA-256 (as the day SM3 must be replaced): a second chain
        java.net.http.HttpResponse<String> rehashed = asAdmin("sysadmin", java.net.http.HttpRequest.newBuilder(
                uri("/api/v1/admin/evidence-records/rehash?algorithm=SHA-256")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(rehashed.statusCode()).as(rehashed.body()).isEqualTo(200);
        assertThat(rehashed.body()).doesNotContain("\"batches\":0");
        assertThat(org.bouncycastle.asn1.tsp.EvidenceRecord.getInstance(evidenceRecords.recordOf(signatureId)
                .orElseThrow()).getArchiveTimeStampSequence().getArchiveTimeStampChains()).hasSize(2);
        java.net.http.HttpResponse<String> unknown = asAdmin("sysadmin", java.net.http.HttpRequest.newBuilder(
                uri("/api/v1/admin/evidence-records/rehash?algorithm=MD5")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(unknown.statusCode()).as(unknown.body()).isBetween(400, 499);
        assertThat(unknown.body()).contains("UNSUPPORTED_ALGORITHM");

        Path zipFile = work.resolve("evidence.zip");
        Run export = cliProcess(adminPassword(), "evidence", "export", "--hub", "http://localhost:" + port, "--user",
                "auditadmin", "--signature", signatureId, "--out", zipFile.toString());
        assertThat(export.exit()).as(export.out()).isZero();
        assertThat(export.out()).contains("evidence package of signature " + signatureId + " written to");
        Map<String, byte[]> files = unzip(Files.readAllBytes(zipFile));
        assertThat(files).containsKeys("README.md", "verify.sh", "manifest.txt", "document.bin", "signature.p7s",
                "certs/signer.pem", "certs/issuing-ca.pem", "certs/root-ca.pem", "revocation/crl.der",
                "timestamp/token.tst", "audit/chain.txt", "audit/anchor-token.tst", "ers/evidence-record.ers", "SM3SUMS");
        assertThat(new String(files.get("document.bin"), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(new String(files.get("manifest.txt"), StandardCharsets.US_ASCII))
                .contains("signature_id=" + signatureId).contains("revocation=signing-time")
                .contains("system_id=his");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'EVIDENCE_EXPORT' AND target = ? "
                + "AND actor = 'auditadmin'").param(signatureId).query(Integer.class).single()).isEqualTo(1);

        long started = System.nanoTime();
        Openssl.Result shell = shell("intact", files, root.toString());
        System.out.printf("evidence package: %d bytes, %d files, %d audit events; verify.sh took %d ms%n",
                Files.size(zipFile), files.size(), new String(files.get("audit/chain.txt"), StandardCharsets.US_ASCII)
                        .lines().count(), (System.nanoTime() - started) / 1_000_000);
        assertThat(shell.exit()).as(shell.out() + shell.err()).isZero();
        assertThat(shell.out()).contains("ok: root certificate is the pinned one")
                .contains("current at the signing time").contains("ALL CHECKS PASSED for signature " + signatureId)
                .contains("2 archive timestamp(s) in its first chain").contains("has 2 chains");
        Run verify = verifyCommand(zipFile, "--trust", root.toString());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("evidence-record  ok").contains("evidence package verifies");

        // a byte of the CMS signature value
        Map<String, byte[]> cmsChanged = new LinkedHashMap<>(files);
        byte[] cms = files.get("signature.p7s").clone();
        byte[] value = new CMSSignedData(new CMSProcessableByteArray(files.get("document.bin")), cms).getSignerInfos()
                .getSigners().iterator().next().getSignature();
        cms[indexOf(cms, value) + value.length / 2] ^= 0x04;
        cmsChanged.put("signature.p7s", cms);
        Openssl.Result shellCms = shell("cms", cmsChanged, root.toString());
        assertThat(shellCms.exit()).as(shellCms.out()).isEqualTo(1);
        assertThat(shellCms.out()).contains("FAILED: signature.p7s");
        Run verifyCms = verifyCommand(zip("cms.zip", cmsChanged), "--trust", root.toString());
        assertThat(verifyCms.exit()).as(verifyCms.out()).isEqualTo(1);
        assertThat(verifyCms.out()).contains("first failure: signature:");

        // one audit line: the SIGN event's detail
        Map<String, byte[]> auditChanged = new LinkedHashMap<>(files);
        String first = new String(files.get("manifest.txt"), StandardCharsets.US_ASCII).lines()
                .filter(l -> l.startsWith("audit_first_seq=")).findFirst().orElseThrow().substring(16);
        String event = "audit/event-" + first + ".txt";
        auditChanged.put(event, new String(files.get(event), StandardCharsets.UTF_8).replace("staff D0003",
                "staff D0004").getBytes(StandardCharsets.UTF_8));
        Openssl.Result shellAudit = shell("audit", auditChanged, root.toString());
        assertThat(shellAudit.exit()).as(shellAudit.out()).isEqualTo(1);
        assertThat(shellAudit.out()).contains("FAILED: audit event").contains("/" + first + ": its text does not give "
                + "its hash (changed)");
        Run verifyAudit = verifyCommand(zip("audit.zip", auditChanged));
        assertThat(verifyAudit.exit()).as(verifyAudit.out()).isEqualTo(1);
        assertThat(verifyAudit.out()).contains("first failure: audit: audit event").contains("(changed)");
    }

    @Test
    void rawSm2SignatureHasAPackageThatVerifiesWithOpensslAloneAndInJava() throws Exception {
        Openssl.assumeAvailable();
        String data = "检验报告：血常规正常";
        HttpResponse<String> signed = postJson("/api/v1/sign/data", "{\"requestId\":\"raw-" + System.nanoTime()
                + "\",\"signer\":\"D0004\",\"data\":\"" + Base64.getEncoder().encodeToString(
                data.getBytes(StandardCharsets.UTF_8)) + "\",\"encoding\":\"PLAIN\",\"timestamp\":true}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        String signatureId = JSON.readTree(signed.body()).get("signatureId").asText();

        HttpResponse<byte[]> exported = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        uri("/api/v1/evidence/" + signatureId)).header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("auditadmin:" + adminPassword()).getBytes(StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(exported.statusCode()).isEqualTo(200);
        Map<String, byte[]> files = unzip(exported.body());
        assertThat(files).containsKeys("signature.sig", "timestamp/token.tst", "certs/tsa.pem")
                .doesNotContainKey("signature.p7s");
        assertThat(files.get("signature.sig")).hasSize(64);
        assertThat(new String(files.get("manifest.txt"), StandardCharsets.US_ASCII)).contains("signature_format=sm2-rs");
        assertThat(new String(files.get("document.bin"), StandardCharsets.UTF_8)).isEqualTo(data);

        Path root = Files.writeString(work.resolve("raw-root.pem"), Pem.certificatePem(pki.root()));
        Openssl.Result shell = shell("raw", files, root.toString());
        assertThat(shell.exit()).as(shell.out() + shell.err()).isZero();
        assertThat(shell.out()).contains("ok: signature.sig: raw SM2 signature (sm2-rs)")
                .contains("imprint; time").contains("ALL CHECKS PASSED for signature " + signatureId);
        Run verify = verifyCommand(zip("raw.zip", files), "--trust", root.toString());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("raw SM2 signature (sm2-rs)").contains("evidence package verifies");
    }

    @Test
    void unknownSignatureIsA404ProblemAndOtherRolesAreRefused() throws Exception {
        HttpResponse<String> unknown = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/evidence/"
                + "00000000-0000-0000-0000-000000000000")).GET());
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        JsonNode problem = JSON.readTree(unknown.body());
        assertThat(problem.get("code").asText()).isEqualTo("SIGNATURE_UNKNOWN");
        assertThat(problem.get("detail").asText()).isEqualTo("no signature 00000000-0000-0000-0000-000000000000");

        HttpResponse<String> sysadmin = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/evidence/x")).GET());
        assertThat(sysadmin.statusCode()).isEqualTo(403);
        HttpResponse<String> system = send(HttpRequest.newBuilder(uri("/api/v1/evidence/x"))
                .header("X-Medsign-Api-Key", demoKey()).GET().build());
        assertThat(system.statusCode()).isEqualTo(403);

        Run unknownCli = cliProcess(adminPassword(), "evidence", "export", "--hub", "http://localhost:" + port,
                "--user", "auditadmin", "--signature", "no-such-signature", "--out", work.resolve("x.zip").toString());
        assertThat(unknownCli.exit()).as(unknownCli.out()).isEqualTo(MedsignCommand.EXIT_HUB);
        assertThat(unknownCli.out()).contains("HTTP 404: SIGNATURE_UNKNOWN no signature no-such-signature");

        Path foreign = zip("foreign.zip", Map.of("hello.txt", "hi".getBytes(StandardCharsets.US_ASCII)));
        Run notOurs = verifyCommand(foreign);
        assertThat(notOurs.exit()).as(notOurs.out()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(notOurs.out()).contains("medsign: error: not a MedSign evidence package: no manifest.txt");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
