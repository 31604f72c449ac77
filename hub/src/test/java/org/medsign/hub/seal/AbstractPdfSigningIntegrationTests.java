package org.medsign.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.ca.CertificateProfile;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.evidence.EvidencePackageVerifier;
import org.medsign.crypto.evidence.EvidenceVerification;
import org.medsign.crypto.pdf.PdfFixtures;
import org.medsign.crypto.pdf.PdfSignatureReport;
import org.medsign.crypto.pdf.PdfSignatures;
import org.medsign.crypto.pdf.PdfTools;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.demo.DemoData;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.hub.mobile.SigningWindows;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Visible PDF signatures through the hub (issue #15 points 3 and 5): {@code POST /api/v1/sign/pdf} with the demo
 * hospital's seals and the demo clinicians' personal signature images; the result checked with crypto-core against
 * the hub's CA, with qpdf, pdfsig and pdftoppm; the seal use in {@code seal_usage} and the audit chain; a clinician
 * without a window gets a task (202); bad input (not a PDF, encrypted, keyword missing, page out of range, another's
 * seal, an expired or out-of-scope seal) refused with nothing signed.
 */
abstract class AbstractPdfSigningIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double PT = 72 / 25.4;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SigningWindows windows;

    @Autowired
    StaffDirectory directory;

    @Override
    protected boolean demoWindows() {
        return false;
    }

    @Test
    void hospitalSealIsAppliedAtOnceAndVerifiesWithTheHubsCa() throws Exception {
        String seal = sealId("示范医院院章");
        byte[] original = PdfFixtures.onePage();
        // the default permission matrix lets the 院章 through his and physical-exam only: a final refusal
        HttpResponse<String> refused = postJson("/api/v1/sign/pdf", signPdf("pdf-hospital-0", "D0004", original,
                seal, placement(1, 120, 30)));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("POST_NOT_PERMITTED");
        assertNothingSigned("pdf-hospital-0");
        allow("{\"action\":\"HOSPITAL\",\"post\":\"*\",\"system\":\"demo\",\"note\":\"test\"}");

        HttpResponse<String> answer = postJson("/api/v1/sign/pdf", signPdf("pdf-hospital-1", "D0004", original,
                seal, placement(1, 120, 30)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("operation").asText()).isEqualTo("PDF");
        assertThat(body.get("signer").asText()).isEqualTo(SealRegistry.organisationSignerId("示范医院"));
        assertThat(body.get("cms").isNull()).isTrue();
        byte[] signed = Base64.getDecoder().decode(body.get("pdf").asText());
        assertThat(java.util.Arrays.equals(signed, 0, original.length, original, 0, original.length)).isTrue();
        List<PdfSignatureReport> reports = verifier().verify(signed);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).valid()).as(reports.get(0).toString()).isTrue();
        assertThat(reports.get(0).timestampValid()).isTrue();
        assertThat(reports.get(0).signer().subject()).contains("示范医院");
        // signed with the organisation signer's certificate, which carries the organisation profile
        X509CertificateHolder sealCertificate = directory.credentials(SealRegistry.organisationSignerId("示范医院"))
                .stream().filter(c -> c.serial().equals(reports.get(0).signer().serialHex())).findFirst()
                .orElseThrow().certificate();
        assertThat(CertificateProfile.of(sealCertificate)).isEqualTo(CertificateProfile.ORGANISATION_SIGNING);

        // the seal use: table and audit chain, with who asked and who signed
        List<String> use = jdbc.sql("SELECT requested_by || '|' || signer_staff_id || '|' || system_id FROM seal_usage "
                + "WHERE request_id = 'pdf-hospital-1'").query(String.class).list();
        assertThat(use).containsExactly("D0004|" + SealRegistry.organisationSignerId("示范医院") + "|"
                + DemoData.DEMO_SYSTEM);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE action = 'SEAL_USED' AND target = ?").param(seal)
                .query(String.class).list()).anyMatch(d -> d.contains("pdf-hospital-1") && d.contains("asked-by D0004"));

        // independent tools: structure, signature listing and the seal drawn where it was placed
        Path file = write("hospital-seal.pdf", signed);
        assertThat(PdfTools.qpdfCheck(file).exit()).isZero();
        String listing = PdfTools.pdfsig(file).out();
        assertThat(listing).contains("Signature #1").contains("adbe.pkcs7.detached");
        BufferedImage page = PdfTools.render(file, 1);
        assertThat(redShare(page, 120, 30, 40, 40)).isGreaterThan(0.05);
        assertThat(redShare(page, 20, 30, 40, 40)).isZero();
        keep(page, "pdf-hub-hospital-seal.png");

        // the evidence package: the new signature's CMS over the signed byte ranges, verifiable on its own
        HttpResponse<byte[]> evidence = sendBytes(HttpRequest.newBuilder(uri("/api/v1/evidence/"
                + body.get("signatureId").asText())).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("auditadmin:" + adminPassword()).getBytes(StandardCharsets.UTF_8))).GET().build());
        assertThat(evidence.statusCode()).isEqualTo(200);
        List<X509CertificateHolder> chain = Pem.parseCertificates(getWithKey("/api/v1/ca/chain").body()
                .getBytes(StandardCharsets.US_ASCII));
        EvidenceVerification checked = new EvidencePackageVerifier(chain.get(chain.size() - 1), null,
                java.time.Clock.systemUTC()).verify(evidence.body());
        assertThat(checked.valid()).as(checked.firstFailure().toString()).isTrue();
    }

    @Test
    void doctorReviewerAndLabSealSignInSequenceAndAllVerify() throws Exception {
        PdfFixtures.assumeCjkFont();
        open("D0001", "D0002");
        allow(LAB_SEAL_RULE);
        byte[] report = PdfFixtures.withKeyword(1, 1);

        JsonNode doctor = signed(signPdf("pdf-seq-1", "D0001", report, null, keyword("医师签名：")));
        JsonNode reviewer = signed(signPdf("pdf-seq-2", "D0002", pdf(doctor), null, placement(1, 120, 60)));
        JsonNode lab = signed(signPdf("pdf-seq-3", "D0002", pdf(reviewer), sealId("示范医院检验检查专用章"),
                placement(1, 150, 20)));

        assertThat(doctor.get("signer").asText()).isEqualTo("D0001");
        assertThat(reviewer.get("signer").asText()).isEqualTo("D0002");
        List<PdfSignatureReport> reports = verifier().verify(pdf(lab));
        assertThat(reports).hasSize(3);
        assertThat(reports).allSatisfy(r -> assertThat(r.valid()).as(r.toString()).isTrue());
        assertThat(reports.get(2).laterRevisions()).isZero();
        assertThat(reports.get(0).laterRevisions()).isEqualTo(2);
        Path file = write("three-signatures.pdf", pdf(lab));
        assertThat(PdfTools.qpdfCheck(file).exit()).isZero();
        assertThat(PdfTools.pdfsig(file).out()).contains("Signature #3");
        keep(PdfTools.render(file, 1), "pdf-hub-three-signatures.png");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM seal_usage WHERE request_id LIKE 'pdf-seq-%'").query(Integer.class)
                .single()).isEqualTo(3);

        // the use log for the auditor: JSON filtered by staff, CSV for spreadsheets; other roles refused
        JsonNode usage = JSON.readTree(asAdmin("auditadmin", HttpRequest.newBuilder(
                uri("/api/v1/seal-usage?staff=D0001&system=demo"))).body());
        assertThat(usage).anySatisfy(u -> assertThat(u.get("requestId").asText()).isEqualTo("pdf-seq-1"));
        assertThat(usage).noneSatisfy(u -> assertThat(u.get("requestId").asText()).isEqualTo("pdf-seq-3"));
        HttpResponse<String> csv = asAdmin("secadmin", HttpRequest.newBuilder(
                uri("/api/v1/seal-usage?format=csv&seal=" + sealId("示范医院检验检查专用章"))));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).contains("requested_by").contains("pdf-seq-3").doesNotContain("pdf-seq-1");
        assertThat(asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/seal-usage"))).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aClinicianWithoutAWindowGetsATaskAndNothingIsSignedYet() throws Exception {
        HttpResponse<String> answer = postJson("/api/v1/sign/pdf", signPdf("pdf-task-1", "D0007",
                PdfFixtures.onePage(), null, placement(1, 100, 40)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("status").asText()).isEqualTo("PENDING");
        assertThat(body.get("taskId").isNumber()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM seal_usage WHERE request_id = 'pdf-task-1'").query(Integer.class)
                .single()).isZero();
    }

    @Test
    void badPdfsAndPlacementsAreRefusedBeforeAnythingIsStored() throws Exception {
        open("D0003");
        assertBadRequest("pdf-bad-1", signPdf("pdf-bad-1", "D0003", "not a pdf".getBytes(StandardCharsets.UTF_8),
                null, placement(1, 10, 10)), "PDF_INVALID", "PDF");
        assertBadRequest("pdf-bad-2", signPdf("pdf-bad-2", "D0003", PdfFixtures.encrypted("secret"), null,
                placement(1, 10, 10)), "PDF_ENCRYPTED", "encrypted");
        assertBadRequest("pdf-bad-3", signPdf("pdf-bad-3", "D0003", PdfFixtures.onePage(), null,
                keyword("审核医师：")), "PDF_INVALID", "审核医师：");
        assertBadRequest("pdf-bad-4", signPdf("pdf-bad-4", "D0003", PdfFixtures.onePage(), null,
                placement(3, 10, 10)), "PDF_INVALID", "page 3");
        ObjectNode noPlacement = (ObjectNode) JSON.readTree(signPdf("pdf-bad-5", "D0003", PdfFixtures.onePage(), null,
                placement(1, 10, 10)));
        noPlacement.putObject("placement").put("page", 1).put("keyword", "x");
        assertBadRequest("pdf-bad-5", noPlacement.toString(), "INVALID_REQUEST", "placement");
    }

    @Test
    void sealsThatMayNotBeUsedAreFinalRefusalsAndNothingIsSigned() throws Exception {
        open("D0005", "D0006");
        // another clinician's personal signature image
        assertRefused(signPdf("pdf-seal-1", "D0005", PdfFixtures.onePage(), sealId("王芳签名"),
                placement(1, 10, 10)), "pdf-seal-1", "another signer");
        // an unknown seal
        assertRefused(signPdf("pdf-seal-2", "D0005", PdfFixtures.onePage(), "no-such-seal", placement(1, 10, 10)),
                "pdf-seal-2", "no seal");
        // an expired seal
        String own = sealId("赵敏签名");
        Timestamp until = jdbc.sql("SELECT valid_until FROM seal WHERE seal_id = ?").param(own)
                .query(Timestamp.class).single();
        jdbc.sql("UPDATE seal SET valid_until = ? WHERE seal_id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(60)), own).update();
        try {
            assertRefused(signPdf("pdf-seal-3", "D0007", PdfFixtures.onePage(), own, placement(1, 10, 10)),
                    "pdf-seal-3", "expired");
        } finally {
            jdbc.sql("UPDATE seal SET valid_until = ? WHERE seal_id = ?").params(until, own).update();
        }
        // a seal whose scope is another system
        String lab = sealId("示范医院检验检查专用章");
        jdbc.sql("INSERT INTO seal_scope (seal_id, system_id, scenario) VALUES (?, 'lis', '*')").param(lab).update();
        try {
            assertRefused(signPdf("pdf-seal-4", "D0006", PdfFixtures.onePage(), lab, placement(1, 10, 10)),
                    "pdf-seal-4", "scope");
        } finally {
            jdbc.sql("DELETE FROM seal_scope WHERE seal_id = ?").param(lab).update();
        }
    }

    @Test
    void suspendedAndRevokedSealsAreRefusedAtUseAndAResumedSealSignsAgain() throws Exception {
        // a department seal of the demo staff's unit; no rule of the permission matrix names DEPARTMENT seals
        HttpResponse<String> created = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        JSON.createObjectNode().put("name", "演示科室科室章").put("kind", "DEPARTMENT")
                                .put("ownerUnit", "演示科室").put("imagePng", b64(SealPngs.transparent(400, 400)))
                                .put("widthMm", 38).put("heightMm", 38).toString())));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String seal = JSON.readTree(created.body()).get("id").asText();
        signed(signPdf("pdf-life-1", "D0008", PdfFixtures.onePage(), seal, placement(1, 120, 30)));

        assertThat(sealAction(seal, "suspend", "{\"reason\":\"印章核查\"}").statusCode()).isEqualTo(200);
        assertRefused(signPdf("pdf-life-2", "D0008", PdfFixtures.onePage(), seal, placement(1, 120, 30)),
                "pdf-life-2", "seal " + seal + " is SUSPENDED, not ACTIVE");
        assertThat(sealAction(seal, "resume", "{}").statusCode()).isEqualTo(200);
        signed(signPdf("pdf-life-3", "D0008", PdfFixtures.onePage(), seal, placement(1, 120, 30)));
        assertThat(sealAction(seal, "revoke", "{\"reason\":\"科室撤并\"}").statusCode()).isEqualTo(200);
        assertRefused(signPdf("pdf-life-4", "D0008", PdfFixtures.onePage(), seal, placement(1, 120, 30)),
                "pdf-life-4", "seal " + seal + " is REVOKED, not ACTIVE");
        assertThat(jdbc.sql("SELECT request_id FROM seal_usage WHERE seal_id = ? ORDER BY used_at").param(seal)
                .query(String.class).list()).containsExactly("pdf-life-1", "pdf-life-3");
    }

    private HttpResponse<String> sealAction(String sealId, String verb, String json) {
        return asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals/" + sealId + "/" + verb))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    // ---------------------------------------------------------------- helpers

    /** The demo staff (演示科室) may have the 检验检查专用章 applied through the demo system. */
    static final String LAB_SEAL_RULE = "{\"action\":\"SPECIAL\",\"specialType\":\"检验检查专用章\","
            + "\"department\":\"演示科室\",\"system\":\"demo\",\"note\":\"test\"}";

    /** Adds a rule to the post-based permission matrix (a duplicate of an existing one changes nothing). */
    private void allow(String rule) {
        HttpResponse<String> created = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/permissions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(rule)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private void assertRefused(String json, String requestId, String reason) throws IOException {
        HttpResponse<String> answer = postJson("/api/v1/sign/pdf", json);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("code").asText()).isEqualTo("SEAL_NOT_USABLE");
        assertThat(problem.get("detail").asText()).contains(reason);
        assertNothingSigned(requestId);
    }

    private void assertBadRequest(String requestId, String json, String code, String reason) throws IOException {
        HttpResponse<String> answer = postJson("/api/v1/sign/pdf", json);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("detail").asText()).contains(reason);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_request WHERE request_id = ?").param(requestId)
                .query(Integer.class).single()).isZero();
    }

    private void assertNothingSigned(String requestId) {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_id = ?").param(requestId)
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM seal_usage WHERE request_id = ?").param(requestId)
                .query(Integer.class).single()).isZero();
    }

    private JsonNode signed(String json) throws IOException {
        HttpResponse<String> answer = postJson("/api/v1/sign/pdf", json);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private void open(String... staffIds) {
        for (String staffId : staffIds) {
            windows.open(staffId, List.of(DemoData.DEMO_SYSTEM), null, 1);
        }
    }

    private String sealId(String name) throws IOException {
        JsonNode seals = JSON.readTree(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals")).GET()).body());
        for (JsonNode seal : seals) {
            if (seal.get("name").asText().equals(name)) {
                return seal.get("id").asText();
            }
        }
        throw new AssertionError("no demo seal " + name + " in " + seals);
    }

    private CmsSignatureVerifier.Builder verifierBuilder() {
        List<X509CertificateHolder> chain = Pem.parseCertificates(getWithKey("/api/v1/ca/chain").body()
                .getBytes(StandardCharsets.US_ASCII));
        return CmsSignatureVerifier.builder().trustAnchors(List.of(chain.get(chain.size() - 1)))
                .extraCertificates(chain);
    }

    private PdfSignatures verifier() {
        return new PdfSignatures(verifierBuilder().build());
    }

    private static byte[] pdf(JsonNode answer) {
        return Base64.getDecoder().decode(answer.get("pdf").asText());
    }

    private static String signPdf(String requestId, String signer, byte[] pdf, String sealId, ObjectNode placement) {
        ObjectNode body = JSON.createObjectNode().put("requestId", requestId).put("signer", signer)
                .put("pdf", b64(pdf)).put("scenario", "检验报告");
        if (sealId != null) {
            body.put("sealId", sealId);
        }
        body.set("placement", placement);
        return body.toString();
    }

    private static ObjectNode placement(int page, double xMm, double yMm) {
        return JSON.createObjectNode().put("page", page).put("xMm", xMm).put("yMm", yMm);
    }

    private static ObjectNode keyword(String keyword) {
        return JSON.createObjectNode().put("keyword", keyword);
    }

    /** Share of clearly red pixels in the rectangle (mm, origin bottom-left) of a 72 dpi rendering. */
    private static double redShare(BufferedImage page, double xMm, double yMm, double wMm, double hMm) {
        int red = 0;
        int all = 0;
        for (double x = xMm * PT; x < (xMm + wMm) * PT; x += 1) {
            for (double y = yMm * PT; y < (yMm + hMm) * PT; y += 1) {
                all++;
                if (PdfTools.redAt(page, x, y)) {
                    red++;
                }
            }
        }
        return (double) red / all;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path dir = Files.createDirectories(home().resolve("pdf-test"));
        return Files.write(dir.resolve(name), bytes);
    }

    /** Keeps a rendering under {@code -Dmedsign.screenshots=<dir>} (docs/images). */
    private static void keep(BufferedImage rendering, String name) throws IOException {
        String dir = System.getProperty("medsign.screenshots");
        if (dir != null && !dir.isBlank()) {
            ImageIO.write(rendering, "png", Files.createDirectories(Path.of(dir)).resolve(name).toFile());
        }
    }
}
