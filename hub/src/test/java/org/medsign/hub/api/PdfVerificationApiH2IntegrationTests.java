package org.medsign.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.pdf.PdfFixtures;
import org.medsign.crypto.pdf.PdfPlacement;
import org.medsign.crypto.pdf.PdfSigner;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.SharedHub;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.hub.pki.HubPki;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code POST /api/v1/verify/pdf} over real HTTP (issue #15 point 4): a report signed three times with the hub's own
 * PKI — doctor (certifying), reviewer, and a department seal of the registry — verifies signature by signature
 * against the hub's root and CRL; a changed byte invalidates exactly the signatures covering it; bad input gets its
 * code.
 */
@SharedHub
class PdfVerificationApiH2IntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNIT = "PDF验签测试科";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffCertificates certificates;

    @Autowired
    StaffDirectory directory;

    @Autowired
    KeyVault vault;

    @Autowired
    HubPki pki;

    private byte[] signed;
    private String sealId;

    @BeforeEach
    void signThreeTimesWithTheHubsPki() throws Exception {
        String suffix = Long.toString(System.nanoTime() % 1_000_000_000L);
        String unit = UNIT + suffix; // a unit of its own per test: its organisation signer and seal are fresh
        StaffCredential doctor = staff("PV" + suffix + "A", "张医生", unit);
        StaffCredential reviewer = staff("PV" + suffix + "B", "王主任", unit);
        ObjectNode request = JSON.createObjectNode().put("name", unit + "科室章").put("kind", "DEPARTMENT")
                .put("ownerUnit", unit).put("imagePng", b64(PdfFixtures.sealPng(Color.RED))).put("widthMm", 40)
                .put("heightMm", 40);
        HttpResponse<String> created = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.toString())));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode seal = JSON.readTree(created.body());
        sealId = seal.get("id").asText();
        StaffCredential organisation = directory.credential(seal.get("certificateSerial").asText()).orElseThrow();

        byte[] once = signer(doctor, "doctor", Color.BLUE).certify(true).build()
                .sign(PdfFixtures.onePage(), PdfPlacement.onPage(1, 20, 30, 30, 30));
        byte[] twice = signer(reviewer, "reviewer", Color.BLUE).build()
                .sign(once, PdfPlacement.onPage(1, 70, 30, 30, 30));
        signed = signer(organisation, "department", Color.RED).build()
                .sign(twice, PdfPlacement.onPage(1, 130, 25, 40, 40));
    }

    private StaffCredential staff(String staffId, String name, String unit) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, created_at, updated_at) "
                + "VALUES (?, ?, ?, '主治医师', 'active', ?, ?)").params(staffId, name, unit, now, now).update();
        return certificates.issue(staffId, name, unit, "主治医师", Instant.now(), null);
    }

    private PdfSigner.Builder signer(StaffCredential credential, String field, Color color) {
        return PdfSigner.builder().key(vault.find(credential.keyAlias()).orElseThrow())
                .certificate(credential.certificate()).chain(pki.chain()).timestamps(pki.timestamps())
                .sealImage(PdfFixtures.sealPng(color)).fieldName(field);
    }

    private JsonNode verify(byte[] pdf) throws Exception {
        HttpResponse<String> response = postJson("/api/v1/verify/pdf", "{\"pdf\":\"" + b64(pdf) + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asText()));
        return values;
    }

    @Test
    void everySignatureOfAReportSignedThreeTimesByTheHubVerifiesWithItsRevisionAndTheSealIsNamed() throws Exception {
        JsonNode answer = verify(signed);

        assertThat(answer.get("valid").asBoolean()).as(answer.toPrettyString()).isTrue();
        assertThat(answer.get("revisions").asInt()).isEqualTo(4);
        JsonNode signatures = answer.get("signatures");
        assertThat(texts(signatures, "fieldName")).containsExactly("doctor", "reviewer", "department");
        assertThat(texts(signatures, "revision")).containsExactly("2", "3", "4");
        assertThat(texts(signatures, "laterRevisions")).containsExactly("2", "1", "0");
        assertThat(texts(signatures, "modifiedAfter")).containsExactly("true", "true", "false");
        assertThat(texts(signatures, "docMdpPermission")).containsExactly("2", "null", "null");
        for (JsonNode signature : signatures) {
            String field = signature.get("fieldName").asText();
            assertThat(signature.get("valid").asBoolean()).as(field).isTrue();
            assertThat(signature.get("subFilter").asText()).isEqualTo("adbe.pkcs7.detached");
            assertThat(signature.get("coversRevision").asBoolean()).isTrue();
            assertThat(signature.get("signatureIntact").asBoolean()).isTrue();
            assertThat(signature.get("chainValid").asBoolean()).isTrue();
            assertThat(signature.get("byteRange")).hasSize(4);
            assertThat(signature.get("byteRange").get(0).asLong()).isZero();
            assertThat(signature.get("revisionEnd").asLong()).isEqualTo(signature.get("byteRange").get(2).asLong()
                    + signature.get("byteRange").get(3).asLong());
            // revocation against the hub's own CRL, not merely "not checked"
            assertThat(signature.get("revocation").get("status").asText()).as(field).isEqualTo("PASSED");
            assertThat(signature.get("timestamp").get("present").asBoolean()).isTrue();
            assertThat(signature.get("timestamp").get("valid").asBoolean()).isTrue();
            assertThat(signature.get("timestamp").get("time").asText()).isNotBlank();
            assertThat(signature.get("claimedSigningTime").asText()).isNotBlank();
            assertThat(signature.get("problems")).isEmpty();
            assertThat(signature.get("signer").get("issuer").asText()).isEqualTo(
                    org.medsign.crypto.cert.DistinguishedNames.toText(pki.issuing().getSubject()));
            assertThat(signature.get("report").get("indication").asText()).isEqualTo("TOTAL_PASSED");
        }
        assertThat(signatures.get(0).get("signer").get("subject").asText()).contains("张医生");
        assertThat(signatures.get(1).get("signer").get("subject").asText()).contains("王主任");
        assertThat(signatures.get(0).get("seals")).isEmpty();
        JsonNode seals = signatures.get(2).get("seals");
        assertThat(texts(seals, "id")).contains(sealId);
        assertThat(texts(seals, "kind")).containsOnly("DEPARTMENT");

        // the raw file as the body gives the same verdict
        HttpResponse<String> raw = send(HttpRequest.newBuilder(uri("/api/v1/verify/pdf"))
                .header("Content-Type", "application/pdf").header("X-Medsign-Api-Key", demoKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed)).build());
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(200);
        assertThat(JSON.readTree(raw.body()).get("valid").asBoolean()).isTrue();
        assertThat(JSON.readTree(raw.body()).get("signatures")).hasSize(3);
    }

    @Test
    void aByteChangedInTheReviewersRevisionInvalidatesTheReviewerAndTheSealButNotTheDoctor() throws Exception {
        JsonNode before = verify(signed).get("signatures");
        long doctorEnd = before.get(0).get("revisionEnd").asLong();
        int offset = indexOf(signed, "(D:", (int) doctorEnd) + 3; // a digit of the reviewer's /M
        assertThat((long) offset).isLessThan(before.get(1).get("revisionEnd").asLong());
        byte[] tampered = signed.clone();
        tampered[offset] ^= 0x01;

        JsonNode answer = verify(tampered);

        assertThat(answer.get("valid").asBoolean()).isFalse();
        JsonNode signatures = answer.get("signatures");
        assertThat(texts(signatures, "valid")).containsExactly("true", "false", "false");
        assertThat(texts(signatures, "signatureIntact")).containsExactly("true", "false", "false");
        assertThat(texts(signatures, "coversRevision")).containsExactly("true", "true", "true");
        assertThat(signatures.get(0).get("problems")).isEmpty();
        for (int i = 1; i < 3; i++) {
            assertThat(texts(signatures.get(i).get("problems"), "code")).containsExactly("DIGEST_MISMATCH");
            assertThat(signatures.get(i).get("reason").asText()).isEqualTo("DIGEST_MISMATCH");
        }
    }

    @Test
    void badInputGetsItsCodeAndAnUnsignedPdfIsNotValid() throws Exception {
        HttpResponse<String> text = postJson("/api/v1/verify/pdf", "{\"pdf\":\"" + b64("检验报告：正常") + "\"}");
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(text.body()).get("code").asText()).isEqualTo("PDF_INVALID");
        assertThat(JSON.readTree(text.body()).get("detail").asText()).contains("not a PDF");

        HttpResponse<String> broken = send(HttpRequest.newBuilder(uri("/api/v1/verify/pdf"))
                .header("Content-Type", "application/pdf").header("X-Medsign-Api-Key", demoKey())
                .POST(HttpRequest.BodyPublishers.ofString("%PDF-1.7\nthis is no PDF\n")).build());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(broken.body()).get("code").asText()).isEqualTo("PDF_INVALID");

        HttpResponse<String> encrypted = postJson("/api/v1/verify/pdf", "{\"pdf\":\""
                + b64(PdfFixtures.encrypted("patient-secret")) + "\"}");
        assertThat(encrypted.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(encrypted.body()).get("code").asText()).isEqualTo("PDF_ENCRYPTED");

        HttpResponse<String> notBase64 = postJson("/api/v1/verify/pdf", "{\"pdf\":\"%%%\"}");
        assertThat(notBase64.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notBase64.body()).get("code").asText()).isEqualTo("INVALID_REQUEST");
        HttpResponse<String> missing = postJson("/api/v1/verify/pdf", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("INVALID_REQUEST");

        JsonNode unsigned = verify(PdfFixtures.onePage());
        assertThat(unsigned.get("valid").asBoolean()).isFalse();
        assertThat(unsigned.get("signatures")).isEmpty();
        assertThat(unsigned.get("revisions").asInt()).isEqualTo(1);

        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/v1/verify/pdf"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pdf\":\"" + b64(signed) + "\"}")).build());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        byte[] huge = new byte[14 * 1024 * 1024]; // over the 10 MiB content limit plus base64 and JSON overhead
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, huge, 0, 9);
        HttpResponse<String> tooLarge = send(HttpRequest.newBuilder(uri("/api/v1/verify/pdf"))
                .header("Content-Type", "application/pdf").header("X-Medsign-Api-Key", demoKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    private static int indexOf(byte[] bytes, String text, int from) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("'" + text + "' not found after " + from);
    }
}
