package org.medsign.hub.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.evidence.EvidencePackageVerifier;
import org.medsign.crypto.evidence.EvidenceVerification;
import org.medsign.crypto.interop.Openssl;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.SharedPostgresHub;
import org.medsign.hub.pki.HubPki;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Evidence packages on PostgreSQL (V6 append-only triggers in place, V10 tables): a signature made through the REST
 * API, covered by an evidence record, exported by the security administrator, verifies in Java and with verify.sh.
 */
@SharedPostgresHub
class EvidencePackagePostgresIntegrationTests extends HubTestSupport {

    @TempDir
    Path work;

    @Autowired
    HubPki pki;

    @Autowired
    EvidenceRecordJob evidenceRecords;

    @Test
    void packageOfAnApiSignatureVerifiesOnPostgres() throws Exception {
        Openssl.assumeAvailable();
        HttpResponse<String> signed = postJson("/api/v1/sign/message", signMessage("evd-pg-" + System.nanoTime(),
                "D0001", "检验报告：血常规正常。"));
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        String signatureId = new ObjectMapper().readTree(signed.body()).get("signatureId").asText();
        assertThat(evidenceRecords.coverNextBatch()).isPositive();

        String basic = java.util.Base64.getEncoder().encodeToString(("secadmin:" + adminPassword())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<byte[]> zip = sendBytes(HttpRequest.newBuilder(uri("/api/v1/evidence/" + signatureId))
                .header("Authorization", "Basic " + basic).GET().build());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/zip");

        EvidenceVerification verification = new EvidencePackageVerifier(pki.root(), null, Clock.systemUTC())
                .verify(zip.body());
        assertThat(verification.valid()).as(verification.toString()).isTrue();
        assertThat(verification.checks()).extracting(EvidenceVerification.Item::name).contains("evidence-record");

        Path dir = Files.createDirectories(work.resolve("unzipped"));
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = dir.resolve(entry.getName());
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
            }
        }
        Openssl.Result shell = Openssl.exec(dir, Map.of(), List.of("sh", "verify.sh"));
        assertThat(shell.exit()).as(shell.out() + shell.err()).isZero();
        assertThat(shell.out()).contains("ALL CHECKS PASSED");
    }
}
