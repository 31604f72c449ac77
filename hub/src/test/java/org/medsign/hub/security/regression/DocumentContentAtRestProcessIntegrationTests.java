package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.hub.HubProcess;

/**
 * Finding 9 (d): an attached CMS keeps the document inside the SignedData, and signature records stored it in clear
 * and returned it to any administrator without an audit record. Against its own packaged hub (so that the H2 file
 * can be read once the hub has stopped): a document signed with attached content through the API appears nowhere in
 * clear in the data directory's files, the database holds the signature sealed, and every read of the content —
 * the signature through the API by the system and by an administrator, the evidence package — leaves a
 * {@code DOCUMENT_CONTENT_READ} audit row with ids only.
 */
class DocumentContentAtRestProcessIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Document-at-rest-1";

    @TempDir
    Path work;

    @Test
    void attachedDocumentIsSealedAtRestAndEveryReadIsAudited() throws Exception {
        String document = "门诊病历 患者主诉头痛三天 document-at-rest-" + System.nanoTime();
        byte[] documentBytes = document.getBytes(StandardCharsets.UTF_8);
        Path home = work.resolve("home");
        Path routes = Files.createDirectories(work.resolve("routes"));
        String signatureId;
        try (HubProcess hub = new HubProcess(home, Map.of("MEDSIGN_ADMIN_PASSWORD", PASSWORD,
                "MEDSIGN_ROUTES_DIR", routes.toString())).start()) {
            String key = Files.readString(home.resolve("secrets/demo-api-key")).trim();
            org.medsign.hub.AppWindows.open(hub.uri("/"), PASSWORD, List.of("D0001"), List.of("demo"));
            HttpResponse<String> signed = send(hub, HttpRequest.newBuilder(hub.uri("/api/v1/sign/message"))
                    .header("X-Medsign-Api-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"requestId\":\"at-rest-1\",\"signer\":\"D0001\","
                            + "\"content\":\"" + Base64.getEncoder().encodeToString(documentBytes)
                            + "\",\"detached\":false}")));
            assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
            signatureId = JSON.readTree(signed.body()).path("signatureId").asText();

            // three reads of the content: the system, an administrator, the evidence package
            HttpResponse<String> bySystem = send(hub, HttpRequest.newBuilder(hub.uri("/api/v1/signatures/"
                    + signatureId)).header("X-Medsign-Api-Key", key).GET());
            assertThat(indexOf(Base64.getDecoder().decode(JSON.readTree(bySystem.body()).path("cms").asText()),
                    documentBytes)).as("the attached CMS carries the document").isNotNegative();
            assertThat(send(hub, admin(hub, "auditadmin", "/api/v1/signatures/" + signatureId)).statusCode())
                    .isEqualTo(200);
            HttpResponse<byte[]> evidence = HTTP.send(admin(hub, "secadmin", "/api/v1/evidence/" + signatureId)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(evidence.statusCode()).isEqualTo(200);
            assertThat(zipEntry(evidence.body(), "document.bin")).isEqualTo(documentBytes);

            JsonNode reads = JSON.readTree(send(hub, admin(hub, "auditadmin",
                    "/api/v1/audit/events?action=DOCUMENT_CONTENT_READ&target=" + signatureId)).body());
            List<String> readers = new ArrayList<>();
            for (JsonNode event : reads.path("events")) {
                readers.add(event.path("actor").asText() + "/" + event.path("role").asText());
                assertThat(event.path("detail").asText()).doesNotContain(document).contains("at-rest-1");
            }
            assertThat(readers).containsExactlyInAnyOrder("system:demo/SYSTEM", "auditadmin/AUDIT_ADMIN",
                    "secadmin/SECURITY_ADMIN");
            hub.stop();
        }

        List<String> clear = new ArrayList<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), documentBytes) >= 0) {
                    clear.add(home.relativize(file).toString());
                }
            }
        }
        assertThat(clear).as("files of the data directory holding the document in clear").isEmpty();
        assertThat(Files.readString(home.resolveSibling(home.getFileName() + ".log"))).doesNotContain(document);

        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + home.resolve("db/medsign")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
             ResultSet row = db.createStatement().executeQuery("SELECT value_sealed, signature_value FROM "
                     + "signature_record WHERE signature_id = '" + signatureId + "'")) {
            assertThat(row.next()).as("the signature record is in this database").isTrue();
            assertThat(row.getBoolean(1)).isTrue();
            assertThat(indexOf(row.getBytes(2), documentBytes)).isEqualTo(-1);
        }
    }

    private static HttpRequest.Builder admin(HubProcess hub, String user, String path) {
        return HttpRequest.newBuilder(hub.uri(path)).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))).GET();
    }

    private static byte[] zipEntry(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().endsWith(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no " + name + " in the evidence package");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static HttpResponse<String> send(HubProcess hub, HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
