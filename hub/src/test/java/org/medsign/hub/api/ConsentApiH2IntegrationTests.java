package org.medsign.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.cms.HandwritingAttribute;
import org.medsign.crypto.evidence.EvidencePackageVerifier;
import org.medsign.crypto.evidence.EvidenceVerification;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.OpensslCmsCheck;
import org.medsign.hub.PatientConsentFixtures;
import org.medsign.hub.SharedHub;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.pki.HubPki;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Patient consents over real HTTP on the embedded default (H2, issue #13 points 5 and 6): a system creates a consent,
 * a nurse's app session lists and opens it and submits the patient's handwriting, the hub signs with a one-time event
 * certificate (verified by OpenSSL; the handwriting attribute's digest is the stored PNG's SM3; the evidence package
 * carries the PNG and verifies), and the clinician co-signs as a pending task confirmed in the app, or at once under
 * an open window. Bad input — missing or invalid patient id, unknown clinician, bad PNGs, another system's consent,
 * a second signature — is refused with its code and signs nothing.
 */
@SharedHub
class ConsentApiH2IntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT = "手术知情同意书\n拟行手术：腹腔镜胆囊切除术。\n手术风险已向患者说明，患者知情并同意。";
    private static final String ID_NUMBER = PatientConsentFixtures.idCardNumber("11010519491231002");
    private static final String NURSE = "D0005";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffCertificates certificates;

    @Autowired
    HubPki pki;

    @TempDir
    Path work;

    @Test
    void patientSignsWithAnEventCertificateAndTheClinicianCoSignsAsAPendingTask() throws Exception {
        String clinician = DemoSigners.withoutWindow(jdbc, certificates, "C9001");
        HttpResponse<String> created = postJson("/api/v1/consents", PatientConsentFixtures.newConsent("CONSENT-1",
                "腹腔镜胆囊切除术知情同意书", DOCUMENT, "张三", ID_NUMBER, clinician));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(ID_NUMBER).doesNotContain("张三");
        String consentId = json(created).get("consentId").asText();
        assertThat(json(created).get("status").asText()).isEqualTo("WAITING_PATIENT");
        assertThat(json(created).get("mediaType").asText()).isEqualTo("text/plain; charset=utf-8");

        String nurse = PatientConsentFixtures.activateAndLogin(uri("/"), ADMIN_PASSWORD, NURSE);
        JsonNode listed = json(app("GET", "/api/v1/m/consents", nurse, null));
        JsonNode entry = find(listed, consentId);
        assertThat(entry.get("patientName").asText()).isEqualTo("张三");
        assertThat(entry.get("system").asText()).isEqualTo("demo");
        HttpResponse<String> opened = app("GET", "/api/v1/m/consents/" + consentId, nurse, null);
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(new String(Base64.getDecoder().decode(json(opened).get("content").asText()),
                StandardCharsets.UTF_8)).isEqualTo(DOCUMENT);
        assertThat(opened.body()).doesNotContain(ID_NUMBER);

        byte[] png = PatientConsentFixtures.handwriting(600, 240, 0);
        HttpResponse<String> signed = app("POST", "/api/v1/m/consents/" + consentId + "/sign", nurse,
                "{\"handwriting\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\"}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(json(signed).get("status").asText()).isEqualTo("PATIENT_SIGNED");
        assertThat(json(signed).get("clinicianRequestId").asText()).isEqualTo("consent:" + consentId);
        assertThat(find(json(app("GET", "/api/v1/m/consents", nurse, null)), consentId)).as("no longer waiting")
                .isNull();

        // the patient's CMS: OpenSSL verifies it; the subject is the name and SM3 of the identity number
        JsonNode consent = awaitConsent(consentId, "WAITING_CLINICIAN", c -> c.at("/clinician/taskId").isNumber());
        JsonNode patient = consent.get("patient");
        byte[] cms = Base64.getDecoder().decode(patient.get("cms").asText());
        String idSm3 = HexFormat.of().formatHex(Sm3.digest(ID_NUMBER.getBytes(StandardCharsets.US_ASCII)));
        String serialNumber = OpensslCmsCheck.verify(work.resolve("patient"), cms,
                DOCUMENT.getBytes(StandardCharsets.UTF_8), pki.chain());
        assertThat(serialNumber).isEqualTo(idSm3);
        X509CertificateHolder certificate = Pem.parseCertificate(patient.get("eventCertificate").asText()
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(DistinguishedNames.commonName(certificate.getSubject())).isEqualTo("张三");
        assertThat(DistinguishedNames.first(certificate.getSubject(), BCStyle.OU)).isEqualTo("患者");
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(1));
        assertThat(new String(certificate.getEncoded(), StandardCharsets.ISO_8859_1))
                .as("no identity number in the certificate").doesNotContain(ID_NUMBER);
        // the handwriting attribute is the SM3 of the PNG the hub stored and returns
        byte[] stored = Base64.getDecoder().decode(patient.get("handwriting").asText());
        assertThat(stored).isEqualTo(png);
        HandwritingAttribute attribute = HandwritingAttribute.of(cms, DOCUMENT.getBytes(StandardCharsets.UTF_8));
        assertThat(attribute.matches(stored)).isTrue();
        assertThat(attribute.digestHex()).isEqualTo(patient.get("handwritingSm3").asText());
        // the key was never stored
        assertThat(jdbc.sql("SELECT COUNT(*) FROM hub_key WHERE alias LIKE 'event-%'").query(Integer.class).single())
                .isZero();

        // the clinician's co-signature: a task, confirmed with the PIN in the app
        JsonNode cosign = consent.get("clinician");
        assertThat(cosign.get("status").asText()).isEqualTo("PENDING");
        String doctor = PatientConsentFixtures.activateAndLogin(uri("/"), ADMIN_PASSWORD, clinician);
        JsonNode task = json(app("GET", "/api/v1/m/tasks/" + cosign.get("taskId").asLong(), doctor, null));
        assertThat(task.get("title").asText()).isEqualTo("知情同意书 CONSENT-1");
        HttpResponse<String> confirmed = app("POST", "/api/v1/m/tasks/" + cosign.get("taskId").asLong() + "/confirm",
                doctor, "{\"pin\":\"" + PatientConsentFixtures.PIN + "\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        JsonNode done = awaitConsent(consentId, "DONE", c -> true);
        assertThat(OpensslCmsCheck.verify(work.resolve("clinician"), Base64.getDecoder().decode(
                done.at("/clinician/cms").asText()), DOCUMENT.getBytes(StandardCharsets.UTF_8), pki.chain()))
                .isEqualTo(clinician);

        // the patient's evidence package carries the PNG and verifies, handwriting included
        HttpResponse<byte[]> exported = sendBytes(HttpRequest.newBuilder(uri("/api/v1/evidence/"
                        + patient.get("signatureId").asText())).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("auditadmin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))).GET().build());
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(unzip(exported.body()).get("handwriting.png")).isEqualTo(png);
        EvidenceVerification verification = new EvidencePackageVerifier(pki.root(), null, Clock.systemUTC())
                .verify(exported.body());
        assertThat(verification.valid()).as(verification.toString()).isTrue();
        assertThat(verification.checks()).extracting(EvidenceVerification.Item::name).contains("handwriting");

        // the identity number appears nowhere the hub writes
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ? OR target LIKE ?")
                .params("%" + ID_NUMBER + "%", "%" + ID_NUMBER + "%").query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'SIGN' AND target = ? AND detail LIKE ?")
                .params(patient.get("signatureId").asText(), "%key destroyed%").query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void clinicianWithAnOpenWindowCoSignsAtOnce() {
        HttpResponse<String> created = postJson("/api/v1/consents", PatientConsentFixtures.newConsent("CONSENT-2",
                "输血知情同意书", DOCUMENT, "李四", PatientConsentFixtures.idCardNumber("32010619800101123"), "D0003"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String consentId = json(created).get("consentId").asText();
        String nurse = PatientConsentFixtures.activateAndLogin(uri("/"), ADMIN_PASSWORD, NURSE);
        HttpResponse<String> signed = app("POST", "/api/v1/m/consents/" + consentId + "/sign", nurse,
                "{\"handwriting\":\"" + Base64.getEncoder().encodeToString(
                        PatientConsentFixtures.handwriting(500, 200, 3)) + "\"}");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);

        JsonNode done = awaitConsent(consentId, "DONE", c -> true);
        assertThat(done.at("/clinician/signatureId").asText()).isNotBlank();
        assertThat(done.at("/clinician/account").asText()).isEqualTo("D0003");
    }

    @Test
    void aPdfConsentIsReadPageByPageOnTheTablet() throws Exception {
        byte[] pdf;
        try (var document = new org.apache.pdfbox.pdmodel.PDDocument();
             var out = new java.io.ByteArrayOutputStream()) {
            for (int i = 0; i < 2; i++) {
                var page = new org.apache.pdfbox.pdmodel.PDPage(org.apache.pdfbox.pdmodel.common.PDRectangle.A4);
                document.addPage(page);
                try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(document, page)) {
                    content.addRect(50, 700 - 300 * i, 400, 80); // something visible on each page
                    content.fill();
                }
            }
            document.save(out);
            pdf = out.toByteArray();
        }
        var body = JSON.createObjectNode().put("requestId", "CONSENT-PDF").put("title", "麻醉知情同意书")
                .put("content", Base64.getEncoder().encodeToString(pdf)).put("patientName", "赵六")
                .put("patientIdNumber", PatientConsentFixtures.idCardNumber("32010619800101124")).put("clinician", "D0003");
        HttpResponse<String> created = postJson("/api/v1/consents", body.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("mediaType").asText()).isEqualTo("application/pdf");
        String consentId = json(created).get("consentId").asText();
        String nurse = PatientConsentFixtures.activateAndLogin(uri("/"), ADMIN_PASSWORD, NURSE);
        String pages = "/api/v1/m/consents/" + consentId + "/pages/";

        for (int n = 1; n <= 2; n++) {
            JsonNode page = json(app("GET", pages + n, nurse, null));
            assertThat(page.get("page").asInt()).isEqualTo(n);
            assertThat(page.get("pages").asInt()).isEqualTo(2);
            assertThat(page.get("reason").isNull()).as(page.toString()).isTrue();
            byte[] png = Base64.getDecoder().decode(page.get("image").asText().substring("data:image/png;base64,".length()));
            var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(page.get("width").asInt());
            assertThat(image.getHeight()).isGreaterThan(image.getWidth());
        }
        JsonNode beyond = json(app("GET", pages + 3, nurse, null));
        assertThat(beyond.get("reason").asText()).isEqualTo("PDF_NO_SUCH_PAGE");
        assertThat(beyond.get("pages").asInt()).isEqualTo(2);
        assertThat(beyond.get("image").isNull()).isTrue();
        expect(app("GET", pages + 0, nurse, null), 400, "INVALID_REQUEST", "count from 1");
        assertThat(app("GET", pages + "x", nurse, null).statusCode()).isEqualTo(400);
        assertThat(app("GET", pages + 1, null, null).statusCode()).as("no session").isEqualTo(401);
        expect(app("GET", "/api/v1/m/consents/nope/pages/1", nurse, null), 404, "CONSENT_UNKNOWN", null);

        HttpResponse<String> text = postJson("/api/v1/consents", PatientConsentFixtures.newConsent("CONSENT-TXT",
                "输血知情同意书", DOCUMENT, "钱七", PatientConsentFixtures.idCardNumber("32010619800101125"), "D0003"));
        expect(app("GET", "/api/v1/m/consents/" + json(text).get("consentId").asText() + "/pages/1", nurse, null),
                400, "INVALID_REQUEST", "not a PDF");
    }

    @Test
    void badInputIsRefusedWithItsCodeAndNothingIsSigned() {
        String nurse = PatientConsentFixtures.activateAndLogin(uri("/"), ADMIN_PASSWORD, NURSE);
        expect(postJson("/api/v1/consents", PatientConsentFixtures.newConsent("BAD-1", "同意书", DOCUMENT, "王五", null,
                "D0003")), 400, "CONSENT_INVALID", "patientIdNumber is required");
        expect(postJson("/api/v1/consents", PatientConsentFixtures.newConsent("BAD-2", "同意书", DOCUMENT, "王五",
                "110105194912310020", "D0003")), 400, "CONSENT_INVALID", "not a valid resident ID card number");
        expect(postJson("/api/v1/consents", PatientConsentFixtures.newConsent("BAD-3", "同意书", DOCUMENT, "王五",
                ID_NUMBER, "NOBODY")), 422, "SIGNER_UNKNOWN", null);
        expect(postJson("/api/v1/consents", PatientConsentFixtures.newConsent("BAD-4", "同意书", DOCUMENT, " ",
                ID_NUMBER, "D0003")), 400, "CONSENT_INVALID", "patientName is required");
        expect(postJson("/api/v1/consents", "{\"requestId\":\"BAD-5\",\"title\":\"同意书\",\"content\":\"%%%\","
                + "\"patientName\":\"王五\",\"patientIdNumber\":\"" + ID_NUMBER + "\",\"clinician\":\"D0003\"}"),
                400, "INVALID_REQUEST", "content is not valid base64");
        expect(postJson("/api/v1/consents", "{\"requestId\":\"BAD-6\",\"title\":\"同意书\",\"content\":\""
                + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, 0x28, 0x00}) + "\",\"patientName\":"
                + "\"王五\",\"patientIdNumber\":\"" + ID_NUMBER + "\",\"clinician\":\"D0003\"}"),
                400, "CONSENT_INVALID", "content must be UTF-8 text or a PDF");

        HttpResponse<String> created = postJson("/api/v1/consents", PatientConsentFixtures.newConsent("GOOD-1",
                "同意书", DOCUMENT, "王五", ID_NUMBER, "D0003"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String consentId = json(created).get("consentId").asText();
        expect(postJson("/api/v1/consents", PatientConsentFixtures.newConsent("GOOD-1", "同意书", DOCUMENT, "王五",
                ID_NUMBER, "D0003")), 409, "CONSENT_EXISTS", null);

        // another system's consent does not exist for it; app sessions and API keys do not cross
        HttpResponse<String> foreign = send(HttpRequest.newBuilder(uri("/api/v1/consents/" + consentId))
                .header("X-Medsign-Api-Key", secretOf("his-api-key")).GET().build());
        expect(foreign, 404, "CONSENT_UNKNOWN", null);
        expect(getWithKey("/api/v1/consents/nothing-here"), 404, "CONSENT_UNKNOWN", null);
        expect(getWithKey("/api/v1/m/consents"), 401, "APP_SESSION_INVALID", null);
        expect(send(HttpRequest.newBuilder(uri("/api/v1/consents/" + consentId))
                .header("Authorization", "Bearer " + nurse).GET().build()), 401, "AUTHENTICATION_REQUIRED", null);
        expect(app("GET", "/api/v1/m/consents/unknown", nurse, null), 404, "CONSENT_UNKNOWN", null);

        // bad handwriting: not a PNG, too large, too small, blank, not base64
        int images = handwritingImages();
        String sign = "/api/v1/m/consents/" + consentId + "/sign";
        expect(app("POST", sign, nurse, handwriting("GIF89a not a png".getBytes(StandardCharsets.US_ASCII))), 400,
                "HANDWRITING_INVALID", "not a PNG");
        byte[] large = new byte[600 * 1024];
        System.arraycopy(PatientConsentFixtures.handwriting(300, 100, 0), 0, large, 0, 100);
        expect(app("POST", sign, nurse, handwriting(large)), 400, "HANDWRITING_INVALID", "at most 524288");
        expect(app("POST", sign, nurse, handwriting(PatientConsentFixtures.handwriting(40, 20, 0))), 400,
                "HANDWRITING_INVALID", "40x20 pixels");
        expect(app("POST", sign, nurse, handwriting(PatientConsentFixtures.png(new java.awt.image.BufferedImage(300,
                100, java.awt.image.BufferedImage.TYPE_INT_ARGB)))), 400, "HANDWRITING_INVALID", "blank");
        expect(app("POST", sign, nurse, "{\"handwriting\":\"***\"}"), 400, "HANDWRITING_INVALID", "base64");
        expect(app("POST", sign, nurse, "{}"), 400, "HANDWRITING_INVALID", "missing");
        assertThat(json(getWithKey("/api/v1/consents/" + consentId)).get("status").asText())
                .isEqualTo("WAITING_PATIENT");
        assertThat(handwritingImages()).as("nothing stored").isEqualTo(images);

        // signed once; a second submission is refused
        assertThat(app("POST", sign, nurse, handwriting(PatientConsentFixtures.handwriting(300, 100, 1))).statusCode())
                .isEqualTo(200);
        expect(app("POST", sign, nurse, handwriting(PatientConsentFixtures.handwriting(300, 100, 2))), 409,
                "CONSENT_NOT_WAITING", null);
        assertThat(handwritingImages()).isEqualTo(images + 1);
    }

    // ---- plumbing

    private int handwritingImages() {
        return jdbc.sql("SELECT COUNT(*) FROM signature_handwriting").query(Integer.class).single();
    }

    private JsonNode awaitConsent(String consentId, String status, java.util.function.Predicate<JsonNode> also) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = json(getWithKey("/api/v1/consents/" + consentId));
            return status.equals(last[0].get("status").asText()) && also.test(last[0]);
        });
        return last[0];
    }

    private static String handwriting(byte[] png) {
        return "{\"handwriting\":\"" + Base64.getEncoder().encodeToString(png) + "\"}";
    }

    private static void expect(HttpResponse<String> response, int status, String code, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        if (detail != null) {
            assertThat(body.get("detail").asText()).contains(detail);
        }
    }

    private HttpResponse<String> app(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode node : list) {
            if (id.equals(node.get("id").asText())) {
                return node;
            }
        }
        return null;
    }

    private String secretOf(String name) {
        try {
            return Files.readString(home().resolve("secrets").resolve(name), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
