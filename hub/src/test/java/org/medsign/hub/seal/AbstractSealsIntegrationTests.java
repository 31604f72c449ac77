package org.medsign.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.ca.CertificateProfile;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Gmt0015;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.operator.Sm2ContentVerifierProvider;
import org.medsign.crypto.seal.SeSeal;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.demo.DemoSeals;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.hub.lifecycle.operations.CertificateReplacement;
import org.medsign.hub.lifecycle.operations.ReissueKind;
import org.medsign.hub.pki.CaConnector;
import org.medsign.hub.pki.HubPki;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The seal registry over real HTTP (issue #15 point 1): each kind created by the security administrator, the
 * list, the image and the GB/T 38540 SESeal verified with crypto-core against the seal maker's certificate, the demo
 * seals, refusals with their reasons and nothing stored, and the other roles refused.
 */
abstract class AbstractSealsIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A fresh data directory with the demo seals on; returns it. */
    static Path configure(DynamicPropertyRegistry registry) {
        Path home = freshHome(registry);
        registry.add("medsign.demo.seals", () -> "true");
        return home;
    }

    @Override
    protected boolean demoWindows() {
        return false;
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CertificateReplacement replacement;

    @Autowired
    StaffDirectory directory;

    @Autowired
    StaffCertificates staffCertificates;

    @Autowired
    CaConnector ca;

    @Autowired
    KeyVault vault;

    @Autowired
    HubPki pki;

    @Test
    void createsEachKindAndListsThemWithoutImageBytes() throws Exception {
        List<String> ids = new ArrayList<>();
        for (ObjectNode request : List.of(
                seal("张伟签名", "PERSONAL", SealPngs.transparent(300, 100), 30, 10).put("ownerStaffId", "D0001"),
                seal("心内科科室章", "DEPARTMENT", SealPngs.transparent(400, 400), 38, 38).put("ownerUnit", "心内科"),
                seal("测试医院院章", "HOSPITAL", SealPngs.transparent(500, 500), 42, 42).put("ownerUnit", "测试医院"),
                seal("测试医院病历专用章", "SPECIAL", SealPngs.transparent(472, 472), 40, 40)
                        .put("ownerUnit", "测试医院").put("specialType", "病历专用章"))) {
            HttpResponse<String> created = post(request);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(created.body());
            assertThat(body.get("kind").asText()).isEqualTo(request.get("kind").asText());
            assertThat(body.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(body.get("certificateSerial").asText()).isNotBlank();
            ids.add(body.get("id").asText());
        }

        HttpResponse<String> list = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals")).GET());

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("imagePng");
        List<String> listed = new ArrayList<>();
        JSON.readTree(list.body()).forEach(s -> listed.add(s.get("id").asText()));
        assertThat(listed).containsAll(ids);
        JsonNode hospital = JSON.readTree(get("/api/v1/seals/" + ids.get(2)).body());
        assertThat(hospital.get("ownerUnit").asText()).isEqualTo("测试医院");
        assertThat(hospital.get("shape").asText()).isEqualTo("CIRCLE");
        assertThat(hospital.get("colour").asText()).isEqualTo("RED");
        assertThat(hospital.get("widthMm").asInt()).isEqualTo(42);
        // the organisation signer of the unit holds the certificate, and the special seal of the same unit shares it
        JsonNode special = JSON.readTree(get("/api/v1/seals/" + ids.get(3)).body());
        assertThat(special.get("certificateSerial").asText()).isEqualTo(hospital.get("certificateSerial").asText());
        assertThat(jdbc.sql("SELECT signer_kind FROM staff WHERE staff_id = ?")
                .param(SealRegistry.organisationSignerId("测试医院")).query(String.class).single())
                .isEqualTo("ORGANISATION");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'SEAL_CREATED' AND actor = 'secadmin' "
                + "AND target = ?").param(ids.get(0)).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void imageAndSesealDownloadAndTheSesealVerifiesAgainstTheMakerCertificate() throws Exception {
        byte[] png = SealPngs.transparent(400, 400);
        ObjectNode request = seal("检验科科室章", "DEPARTMENT", png, 38, 38).put("ownerUnit", "检验科");
        request.putArray("scope").addObject().put("system", "lis").put("scenario", "检验报告");
        JsonNode created = JSON.readTree(post(request).body());
        String id = created.get("id").asText();
        assertThat(created.get("scope").get(0).get("system").asText()).isEqualTo("lis");

        HttpResponse<byte[]> image = bytes("/api/v1/seals/" + id + "/image");
        HttpResponse<byte[]> der = bytes("/api/v1/seals/" + id + "/seseal");
        HttpResponse<byte[]> maker = bytes("/api/v1/seals/maker-certificate");

        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.body()).isEqualTo(png);
        assertThat(der.statusCode()).isEqualTo(200);
        X509CertificateHolder makerCertificate = new X509CertificateHolder(maker.body());
        SeSeal seseal = SeSeal.parse(der.body());
        assertThat(seseal.verify(makerCertificate)).isTrue();
        assertThat(seseal.esId()).isEqualTo(id);
        assertThat(seseal.name()).isEqualTo("检验科科室章");
        assertThat(seseal.picture().type()).isEqualTo("PNG");
        assertThat(seseal.picture().data()).isEqualTo(png);
        assertThat(seseal.picture().widthMm()).isEqualTo(38);
        X509CertificateHolder signer = new X509CertificateHolder(seseal.certList().get(0));
        assertThat(signer.getSerialNumber()).isEqualTo(new java.math.BigInteger(created.get("certificateSerial").asText(), 16));
        assertThat(makerCertificate.getSubject().toString()).contains("seal maker");
        // the maker and the signing certificate are the embedded CA's
        List<X509CertificateHolder> chain = Pem.parseCertificates(getWithKey("/api/v1/ca/chain").body()
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(makerCertificate.isSignatureValid(Sm2ContentVerifierProvider.of(chain.get(0)))).isTrue();
        assertThat(signer.isSignatureValid(Sm2ContentVerifierProvider.of(chain.get(0)))).isTrue();

        byte[] tampered = der.body();
        tampered[tampered.length / 2] ^= 0x01;
        boolean verifies;
        try {
            verifies = SeSeal.parse(tampered).verify(makerCertificate);
        } catch (RuntimeException e) {
            verifies = false;
        }
        assertThat(verifies).isFalse();
        assertThat(get("/api/v1/seals/nope/image").statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(get("/api/v1/seals/nope").body()).get("code").asText()).isEqualTo("SEAL_UNKNOWN");
    }

    @Test
    void demoHospitalHasItsSealsAndEveryDemoSignersSignature() throws Exception {
        JsonNode list = JSON.readTree(get("/api/v1/seals").body());
        X509CertificateHolder maker = new X509CertificateHolder(bytes("/api/v1/seals/maker-certificate").body());
        List<String> personalOwners = new ArrayList<>();
        JsonNode hospital = null;
        JsonNode lab = null;
        for (JsonNode seal : list) {
            if (!"demo".equals(seal.get("createdBy").asText())) {
                continue;
            }
            switch (seal.get("kind").asText()) {
                case "HOSPITAL" -> hospital = seal;
                case "SPECIAL" -> lab = seal;
                case "PERSONAL" -> personalOwners.add(seal.get("ownerStaffId").asText());
                default -> throw new AssertionError(seal);
            }
            byte[] png = bytes("/api/v1/seals/" + seal.get("id").asText() + "/image").body();
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getColorModel().hasAlpha()).isTrue();
            assertThat(image.getRGB(0, 0) >>> 24).as("transparent corner").isZero();
            SeSeal seseal = SeSeal.parse(bytes("/api/v1/seals/" + seal.get("id").asText() + "/seseal").body());
            assertThat(seseal.verify(maker)).isTrue();
            assertThat(seseal.picture().data()).isEqualTo(png);
        }
        assertThat(hospital).isNotNull();
        assertThat(hospital.get("ownerUnit").asText()).isEqualTo(DemoSeals.HOSPITAL);
        assertThat(hospital.get("widthMm").asInt()).isEqualTo(40);
        assertThat(lab).isNotNull();
        assertThat(lab.get("specialType").asText()).isEqualTo("检验检查专用章");
        assertThat(personalOwners).containsExactlyInAnyOrder("D0001", "D0002", "D0003", "D0004", "D0005", "D0006",
                "D0007", "D0008", "D0009", "D0010");
    }

    @Test
    void organisationSealsGetTheOrganisationProfileAndRenewalAndReissueKeepIt() throws Exception {
        JsonNode created = read(post(seal("放射科科室章", "DEPARTMENT", SealPngs.transparent(400, 400), 38, 38)
                .put("ownerUnit", "放射科")).body());
        String signer = SealRegistry.organisationSignerId("放射科");
        X509CertificateHolder certificate = new X509CertificateHolder(SeSeal.parse(
                bytes("/api/v1/seals/" + created.get("id").asText() + "/seseal").body()).certList().get(0));

        // the organisation form: C, O (the CA's), OU and CN the unit, serialNumber the signer id; no title nor ID
        String organisation = DistinguishedNames.first(pki.root().getSubject(), BCStyle.O);
        assertThat(certificate.getSubject()).isEqualTo(DistinguishedNames.parse("C=CN,O=" + organisation
                + ",OU=放射科,CN=放射科,SERIALNUMBER=" + signer));
        assertThat(DistinguishedNames.first(certificate.getSubject(), BCStyle.T)).isNull();
        assertThat(Gmt0015.identityNumber(certificate)).isNull();
        assertOrganisationProfile(certificate);
        // a person's certificate keeps the personal profile
        assertThat(CertificateProfile.of(current("D0001").certificate())).isEqualTo(CertificateProfile.SIGNING);

        // renewal (re-certify, then re-key) and a reissue keep it
        String serial = created.get("certificateSerial").asText();
        CertificateReplacement.Replaced recertified = replacement.renew(candidate(serial), false, "test/recertify",
                "secadmin", "test");
        CertificateReplacement.Replaced rekeyed = replacement.renew(candidate(recertified.newSerial()), true,
                "test/rekey", "secadmin", "test");
        CertificateReplacement.Replaced reissued = replacement.reissue(rekeyed.newSerial(), ReissueKind.DAMAGE, null,
                "test", "secadmin", "SECURITY_ADMIN");
        assertThat(List.of(recertified.mode(), rekeyed.mode(), reissued.mode())).containsExactly(
                CertificateReplacement.Mode.RECERTIFY, CertificateReplacement.Mode.REKEY,
                CertificateReplacement.Mode.REISSUE);
        for (String renewed : List.of(recertified.newSerial(), rekeyed.newSerial(), reissued.newSerial())) {
            X509CertificateHolder next = credential(signer, renewed).certificate();
            assertOrganisationProfile(next);
            assertThat(next.getSubject()).isEqualTo(certificate.getSubject());
        }

        // an organisation signer's certificate from before the profile (personal profile) is replaced by one with it
        String alias = StaffCertificates.newKeyAlias(signer);
        X509CertificateHolder legacy = ca.issue("test/legacy", staffCertificates.subject(signer, "放射科", "放射科",
                null), vault.generate(alias).publicKeyInfo(), null, null);
        assertThat(CertificateProfile.of(legacy)).isEqualTo(CertificateProfile.SIGNING);
        String legacySerial = staffCertificates.record(signer, alias, legacy, null);
        CertificateReplacement.Replaced upgraded = replacement.renew(candidate(legacySerial), false, "test/upgrade",
                "secadmin", "test");
        assertThat(upgraded.mode()).isEqualTo(CertificateReplacement.Mode.REPLACE);
        assertOrganisationProfile(credential(signer, upgraded.newSerial()).certificate());
    }

    private static void assertOrganisationProfile(X509CertificateHolder certificate) {
        assertThat(CertificateProfile.of(certificate)).isEqualTo(CertificateProfile.ORGANISATION_SIGNING);
        assertThat(CertificatePolicies.fromExtensions(certificate.getExtensions()).getPolicyInformation(
                CertificateProfile.ORGANISATION_SEAL_POLICY)).isNotNull();
        assertThat(KeyUsage.fromExtensions(certificate.getExtensions())
                .hasUsages(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)).isTrue();
    }

    private CertificateReplacement.Candidate candidate(String serial) {
        return replacement.candidate(serial, java.time.Instant.now()).orElseThrow();
    }

    private StaffCredential credential(String staffId, String serial) {
        return directory.credentials(staffId).stream().filter(c -> c.serial().equals(serial)).findFirst()
                .orElseThrow();
    }

    private StaffCredential current(String staffId) {
        return directory.credentials(staffId).stream().filter(c -> c.state() == CertificateState.ACTIVE).findFirst()
                .orElseThrow();
    }

    @Test
    void refusesBadInputWithItsReasonAndStoresNothing() {
        int seals = count("SELECT COUNT(*) FROM seal");
        int staff = count("SELECT COUNT(*) FROM staff");
        byte[] ok = SealPngs.transparent(400, 400);
        Map<ObjectNode, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put(seal("x", "HOSPITAL", "not a png, just some text of some length".getBytes(), 40, 40)
                .put("ownerUnit", "新医院"), new String[] {"SEAL_IMAGE_INVALID", "not a PNG"});
        cases.put(seal("x", "HOSPITAL", SealPngs.opaque(400, 400), 40, 40).put("ownerUnit", "新医院"),
                new String[] {"SEAL_IMAGE_INVALID", "no alpha channel"});
        cases.put(seal("x", "HOSPITAL", SealPngs.noise(400, 400), 40, 40).put("ownerUnit", "新医院"),
                new String[] {"SEAL_IMAGE_INVALID", "more than the limit of 524288 bytes"});
        cases.put(seal("x", "HOSPITAL", SealPngs.transparent(32, 32), 40, 40).put("ownerUnit", "新医院"),
                new String[] {"SEAL_IMAGE_INVALID", "between 64 and 2000 pixels"});
        cases.put(seal("x", "HOSPITAL", SealPngs.transparent(2100, 2100), 40, 40).put("ownerUnit", "新医院"),
                new String[] {"SEAL_IMAGE_INVALID", "between 64 and 2000 pixels"});
        ObjectNode noSize = seal("x", "HOSPITAL", ok, 40, 40).put("ownerUnit", "新医院");
        noSize.remove("widthMm");
        noSize.remove("heightMm");
        cases.put(noSize, new String[] {"SEAL_IMAGE_INVALID", "no resolution (pHYs chunk)"});
        cases.put(seal("x", "HOSPITAL", ok, 40, 20).put("ownerUnit", "新医院"),
                new String[] {"SEAL_IMAGE_INVALID", "does not match the image's aspect ratio"});
        cases.put(seal("x", "HOSPITAL", ok, 40, 40).put("ownerUnit", "新医院").put("imagePng", "%%%"),
                new String[] {"SEAL_IMAGE_INVALID", "imagePng is not valid base64"});
        cases.put(seal("x", "PERSONAL", ok, 40, 40).put("ownerStaffId", "X9999"),
                new String[] {"SEAL_OWNER_INVALID", "no staff member X9999"});
        cases.put(seal("x", "PERSONAL", ok, 40, 40).put("ownerUnit", "新医院"),
                new String[] {"SEAL_OWNER_INVALID", "give ownerStaffId"});
        cases.put(seal("x", "DEPARTMENT", ok, 40, 40), new String[] {"SEAL_OWNER_INVALID", "give ownerUnit"});
        cases.put(seal("x", "STAMP", ok, 40, 40).put("ownerUnit", "新医院"),
                new String[] {"SEAL_INVALID", "unknown seal kind 'STAMP'"});
        cases.put(seal("x", "SPECIAL", ok, 40, 40).put("ownerUnit", "新医院"),
                new String[] {"SEAL_INVALID", "a SPECIAL seal needs specialType"});
        cases.put(seal(" ", "HOSPITAL", ok, 40, 40).put("ownerUnit", "新医院"),
                new String[] {"SEAL_INVALID", "name is required"});

        cases.forEach((request, expected) -> {
            HttpResponse<String> refused = post(request);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            JsonNode problem = read(refused.body());
            assertThat(problem.get("code").asText()).as(refused.body()).isEqualTo(expected[0]);
            assertThat(problem.get("detail").asText()).contains(expected[1]);
        });

        assertThat(count("SELECT COUNT(*) FROM seal")).isEqualTo(seals);
        assertThat(count("SELECT COUNT(*) FROM staff")).as("no organisation signer made").isEqualTo(staff);
    }

    @Test
    void emptyOrWrongBodiesAreRefusedWith400() {
        for (String body : List.of("{}", "[]", "null", "{\"name\":\"x\",\"kind\":\"HOSPITAL\",\"scope\":\"lis\"}")) {
            HttpResponse<String> refused = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(refused.statusCode()).as(body + " → " + refused.body()).isEqualTo(400);
        }
        HttpResponse<String> empty = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(read(empty.body()).get("code").asText()).isEqualTo("SEAL_IMAGE_INVALID");
        assertThat(read(empty.body()).get("detail").asText()).isEqualTo("imagePng is required (base64 PNG)");
    }

    // ---------------------------------------------------------------- lifecycle: change, suspend, resume, revoke

    @Test
    void changesNameScopeValidityStyleAndImageAndRebuildsTheSeseal() throws Exception {
        JsonNode created = JSON.readTree(post(seal("眼科科室章", "DEPARTMENT", SealPngs.transparent(400, 400), 40, 40)
                .put("ownerUnit", "眼科")).body());
        String id = created.get("id").asText();
        byte[] before = bytes("/api/v1/seals/" + id + "/seseal").body();
        byte[] picture = SealPngs.transparent(380, 380);
        String until = java.time.Instant.now().plus(java.time.Duration.ofDays(400))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        ObjectNode change = JSON.createObjectNode().put("name", "眼科门诊科室章").put("validUntil", until)
                .put("shape", "ellipse").put("colour", "BLUE").put("imagePng", b64(picture)).put("widthMm", 38)
                .put("heightMm", 38).put("kind", "DEPARTMENT").put("ownerUnit", "眼科");
        change.putArray("scope").addObject().put("system", "his").put("scenario", "门诊病历");

        HttpResponse<String> changed = put("/api/v1/seals/" + id, change);

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(changed.body());
        assertThat(body.get("changed").toString()).isEqualTo(
                "[\"name\",\"validUntil\",\"shape\",\"colour\",\"scope\",\"image\",\"size\"]");
        JsonNode seal = JSON.readTree(get("/api/v1/seals/" + id).body());
        assertThat(seal.get("name").asText()).isEqualTo("眼科门诊科室章");
        assertThat(seal.get("validUntil").asText()).isEqualTo(until);
        assertThat(seal.get("validFrom").asText()).isEqualTo(created.get("validFrom").asText());
        assertThat(seal.get("shape").asText()).isEqualTo("ELLIPSE");
        assertThat(seal.get("colour").asText()).isEqualTo("BLUE");
        assertThat(seal.get("widthMm").asInt()).isEqualTo(38);
        assertThat(seal.get("scope")).hasSize(1);
        assertThat(seal.get("scope").get(0).get("system").asText()).isEqualTo("his");
        assertThat(seal.get("scope").get(0).get("scenario").asText()).isEqualTo("门诊病历");
        assertThat(seal.get("certificateSerial").asText()).isEqualTo(created.get("certificateSerial").asText());
        assertThat(seal.get("imageSm3").asText()).isNotEqualTo(created.get("imageSm3").asText());
        assertThat(bytes("/api/v1/seals/" + id + "/image").body()).isEqualTo(picture);
        // the SESeal is made again: new name, picture and validity, same certificate, signed by the seal maker
        X509CertificateHolder maker = new X509CertificateHolder(bytes("/api/v1/seals/maker-certificate").body());
        byte[] after = bytes("/api/v1/seals/" + id + "/seseal").body();
        SeSeal seseal = SeSeal.parse(after);
        assertThat(seseal.verify(maker)).isTrue();
        assertThat(seseal.esId()).isEqualTo(id);
        assertThat(seseal.name()).isEqualTo("眼科门诊科室章");
        assertThat(seseal.picture().data()).isEqualTo(picture);
        assertThat(seseal.picture().widthMm()).isEqualTo(38);
        assertThat(seseal.validEnd()).isEqualTo(java.time.Instant.parse(until));
        assertThat(seseal.certList()).hasSize(1);
        assertThat(seseal.certList().get(0)).isEqualTo(SeSeal.parse(before).certList().get(0));
        // audited with before → after, and kept in the history
        String detail = jdbc.sql("SELECT detail FROM audit_event WHERE action = 'SEAL_CHANGED' AND target = ?")
                .param(id).query(String.class).single();
        assertThat(detail).contains("name: 眼科科室章 → 眼科门诊科室章").contains("shape: CIRCLE → ELLIPSE")
                .contains("colour: RED → BLUE").contains("scope: any → [his/门诊病历]")
                .contains("size: 40x40 mm → 38x38 mm").contains("image: sm3 " + created.get("imageSm3").asText())
                .contains("seseal rebuilt");
        JsonNode history = JSON.readTree(get("/api/v1/seals/" + id + "/history").body());
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("action").asText()).isEqualTo("CREATED");
        assertThat(history.get(1).get("action").asText()).isEqualTo("CHANGED");
        assertThat(history.get(1).get("state").asText()).isEqualTo("DONE");
        assertThat(history.get(1).get("doneBy").asText()).isEqualTo("secadmin");
        assertThat(history.get(1).get("changes").asText()).contains("validUntil: ");

        // the style alone is not in the SESeal: it stays as it is
        HttpResponse<String> style = put("/api/v1/seals/" + id, JSON.createObjectNode().put("colour", "RED"));
        assertThat(style.statusCode()).as(style.body()).isEqualTo(200);
        assertThat(bytes("/api/v1/seals/" + id + "/seseal").body()).isEqualTo(after);
        // a new size of the current picture: the SESeal is rebuilt with it
        HttpResponse<String> size = put("/api/v1/seals/" + id, JSON.createObjectNode().put("widthMm", 36)
                .put("heightMm", 36));
        assertThat(size.statusCode()).as(size.body()).isEqualTo(200);
        assertThat(SeSeal.parse(bytes("/api/v1/seals/" + id + "/seseal").body()).picture().widthMm()).isEqualTo(36);
        // nothing to change: the seal as it is, nothing audited
        int events = count("SELECT COUNT(*) FROM audit_event WHERE action = 'SEAL_CHANGED'");
        HttpResponse<String> same = put("/api/v1/seals/" + id, JSON.createObjectNode().put("name", "眼科门诊科室章 ")
                .put("shape", "ELLIPSE"));
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(JSON.readTree(same.body()).get("changed")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE action = 'SEAL_CHANGED'")).isEqualTo(events);
        assertThat(JSON.readTree(get("/api/v1/seals/" + id + "/history").body())).hasSize(4);
    }

    @Test
    void suspendsResumesAndRevokesAndARevokedSealIsFinal() throws Exception {
        String id = JSON.readTree(post(seal("口腔科科室章", "DEPARTMENT", SealPngs.transparent(400, 400), 40, 40)
                .put("ownerUnit", "口腔科")).body()).get("id").asText();
        String path = "/api/v1/seals/" + id;

        assertProblem(action(path + "/suspend", "{}"), 400, "SEAL_INVALID", "a reason is required");
        HttpResponse<String> suspended = action(path + "/suspend", "{\"reason\":\"印章遗失，待查\"}");
        assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
        assertThat(JSON.readTree(suspended.body()).get("status").asText()).isEqualTo("SUSPENDED");
        assertProblem(action(path + "/suspend", "{\"reason\":\"again\"}"), 409, "SEAL_STATE_CONFLICT",
                "is SUSPENDED: only an ACTIVE seal can be suspended");
        HttpResponse<String> resumed = action(path + "/resume", null);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(JSON.readTree(resumed.body()).get("status").asText()).isEqualTo("ACTIVE");
        assertProblem(action(path + "/resume", null), 409, "SEAL_STATE_CONFLICT", "only a SUSPENDED seal");

        assertProblem(action(path + "/revoke", "{\"reason\":\" \"}"), 400, "SEAL_INVALID", "a reason is required");
        assertThat(JSON.readTree(get(path).body()).get("status").asText()).isEqualTo("ACTIVE");
        HttpResponse<String> revoked = action(path + "/revoke", "{\"reason\":\"科室撤并\"}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(JSON.readTree(revoked.body()).get("status").asText()).isEqualTo("REVOKED");

        // final: no change, no resumption, no second revocation, no suspension
        assertProblem(action(path + "/resume", null), 409, "SEAL_STATE_CONFLICT", "is REVOKED (final)");
        assertProblem(put(path, JSON.createObjectNode().put("name", "新名")), 409, "SEAL_STATE_CONFLICT",
                "is REVOKED (final): it cannot be changed");
        assertProblem(action(path + "/revoke", "{\"reason\":\"again\"}"), 409, "SEAL_STATE_CONFLICT",
                "REVOKED already");
        assertProblem(action(path + "/suspend", "{\"reason\":\"again\"}"), 409, "SEAL_STATE_CONFLICT",
                "is REVOKED");
        assertThat(JSON.readTree(get(path).body()).get("name").asText()).isEqualTo("口腔科科室章");

        List<String> events = jdbc.sql("SELECT action || ' ' || detail FROM audit_event WHERE target = ? AND action "
                + "LIKE 'SEAL_%' ORDER BY event_time, seq").param(id).query(String.class).list();
        assertThat(events).hasSize(4);
        assertThat(events.get(1)).isEqualTo("SEAL_SUSPENDED ACTIVE → SUSPENDED reason=印章遗失，待查");
        assertThat(events.get(2)).isEqualTo("SEAL_RESUMED SUSPENDED → ACTIVE");
        assertThat(events.get(3)).isEqualTo("SEAL_REVOKED ACTIVE → REVOKED reason=科室撤并");
        List<String> history = new ArrayList<>();
        JSON.readTree(get(path + "/history").body()).forEach(h -> history.add(h.get("action").asText() + " "
                + h.get("state").asText() + " " + h.get("reason").asText()));
        assertThat(history).containsExactly("CREATED DONE null", "SUSPENDED DONE 印章遗失，待查", "RESUMED DONE null",
                "REVOKED DONE 科室撤并");
    }

    @Test
    void refusesBadChangesWithTheirReasonsAndStoresNothing() throws Exception {
        JsonNode created = JSON.readTree(post(seal("皮肤科科室章", "DEPARTMENT", SealPngs.transparent(400, 400), 40,
                40).put("ownerUnit", "皮肤科")).body());
        String path = "/api/v1/seals/" + created.get("id").asText();
        String seal = get(path).body();
        byte[] seseal = bytes(path + "/seseal").body();
        int history = count("SELECT COUNT(*) FROM seal_history");
        int events = count("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'SEAL_%'");
        Map<ObjectNode, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put(JSON.createObjectNode().put("imagePng", b64(SealPngs.opaque(400, 400))).put("name", "新名"),
                new String[] {"SEAL_IMAGE_INVALID", "no alpha channel"});
        cases.put(JSON.createObjectNode().put("imagePng", "%%%"), new String[] {"SEAL_IMAGE_INVALID",
                "imagePng is not valid base64"});
        cases.put(JSON.createObjectNode().put("imagePng", b64(SealPngs.transparent(400, 400))),
                new String[] {"SEAL_IMAGE_INVALID", "no resolution (pHYs chunk)"});
        cases.put(JSON.createObjectNode().put("widthMm", 40).put("heightMm", 20), new String[] {"SEAL_IMAGE_INVALID",
                "does not match the image's aspect ratio"});
        cases.put(JSON.createObjectNode().put("widthMm", 200).put("heightMm", 200), new String[] {
                "SEAL_IMAGE_INVALID", "between 5 and 100 mm"});
        cases.put(JSON.createObjectNode().put("name", " "), new String[] {"SEAL_INVALID", "name must not be blank"});
        cases.put(JSON.createObjectNode().put("validUntil", "2020-01-01T00:00:00Z"), new String[] {"SEAL_INVALID",
                "validUntil must be in the future"});
        cases.put(JSON.createObjectNode().put("shape", "STAR"), new String[] {"SEAL_INVALID", "unknown shape 'STAR'"});
        cases.put(JSON.createObjectNode().put("colour", "GREEN").put("name", "新名"), new String[] {"SEAL_INVALID",
                "unknown colour 'GREEN'"});
        ObjectNode halfScope = JSON.createObjectNode().put("name", "新名");
        halfScope.putArray("scope").addObject().put("system", "his");
        cases.put(halfScope, new String[] {"SEAL_INVALID", "each scope entry needs system and scenario"});
        cases.put(JSON.createObjectNode().put("kind", "HOSPITAL"), new String[] {"SEAL_INVALID",
                "kind cannot change"});
        cases.put(JSON.createObjectNode().put("ownerUnit", "内科"), new String[] {"SEAL_OWNER_INVALID",
                "the owner of a seal cannot change"});
        cases.put(JSON.createObjectNode().put("ownerStaffId", "D0001"), new String[] {"SEAL_OWNER_INVALID",
                "the owner of a seal cannot change"});

        cases.forEach((request, expected) -> assertProblem(put(path, request), 400, expected[0], expected[1]));

        assertThat(get(path).body()).isEqualTo(seal);
        assertThat(bytes(path + "/seseal").body()).isEqualTo(seseal);
        assertThat(count("SELECT COUNT(*) FROM seal_history")).isEqualTo(history);
        assertThat(count("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'SEAL_%'")).isEqualTo(events);
        // an unknown seal: 404 on every verb
        assertProblem(put("/api/v1/seals/nope", JSON.createObjectNode().put("name", "x")), 404, "SEAL_UNKNOWN",
                "no seal nope");
        for (String verb : List.of("suspend", "resume", "revoke")) {
            assertProblem(action("/api/v1/seals/nope/" + verb, "{\"reason\":\"x\"}"), 404, "SEAL_UNKNOWN",
                    "no seal nope");
        }
        assertProblem(get("/api/v1/seals/nope/history"), 404, "SEAL_UNKNOWN", "no seal nope");
        assertThat(action(path + "/revoke", "{\"reason\":3").statusCode()).isEqualTo(400);
    }

    @Test
    void otherRolesAndAnonymousAreRefused() {
        String body = seal("x", "HOSPITAL", SealPngs.transparent(400, 400), 40, 40).put("ownerUnit", "新医院")
                .toString();
        for (String role : List.of("sysadmin", "auditadmin")) {
            assertThat(asAdmin(role, HttpRequest.newBuilder(uri("/api/v1/seals")).header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(403);
            assertThat(asAdmin(role, HttpRequest.newBuilder(uri("/api/v1/seals")).GET()).statusCode())
                    .isEqualTo(403);
            assertThat(asAdmin(role, HttpRequest.newBuilder(uri("/api/v1/seals/x")).header("Content-Type",
                    "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(403);
            assertThat(asAdmin(role, HttpRequest.newBuilder(uri("/api/v1/seals/x/revoke")).header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"x\"}")))
                    .statusCode()).isEqualTo(403);
        }
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/seals")).GET().build()).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/seals")).header("X-Medsign-Api-Key", demoKey()).GET()
                .build()).statusCode()).isEqualTo(403);
    }

    private static ObjectNode seal(String name, String kind, byte[] png, double widthMm, double heightMm) {
        return JSON.createObjectNode().put("name", name).put("kind", kind).put("imagePng", b64(png))
                .put("widthMm", widthMm).put("heightMm", heightMm);
    }

    private HttpResponse<String> post(ObjectNode request) {
        return asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/seals")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(request.toString())));
    }

    private HttpResponse<String> put(String path, ObjectNode request) {
        return asAdmin("secadmin", HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(request.toString())));
    }

    private HttpResponse<String> action(String path, String json) {
        // no body (json null) is allowed; state-changing calls still declare JSON
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
        return asAdmin("secadmin", request.POST(json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String code, String reason) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        JsonNode problem = read(answer.body());
        assertThat(problem.get("code").asText()).as(answer.body()).isEqualTo(code);
        assertThat(problem.get("detail").asText()).contains(reason);
    }

    private HttpResponse<String> get(String path) {
        return asAdmin("secadmin", HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<byte[]> bytes(String path) {
        String basic = java.util.Base64.getEncoder().encodeToString(("secadmin:" + adminPassword())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return sendBytes(HttpRequest.newBuilder(uri(path)).header("Authorization", "Basic " + basic).GET().build());
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(body, e);
        }
    }
}
