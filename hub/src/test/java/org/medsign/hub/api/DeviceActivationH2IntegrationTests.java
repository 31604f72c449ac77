package org.medsign.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.collab.ClientShare;
import org.medsign.crypto.collab.CollabClient;
import org.medsign.crypto.collab.CollabServer;
import org.medsign.crypto.collab.CollabSignature;
import org.medsign.crypto.collab.DeviceShareSeal;
import org.medsign.crypto.collab.KeygenResponse;
import org.medsign.crypto.collab.ServerShare;
import org.medsign.crypto.collab.ServerSigningSession;
import org.medsign.crypto.operator.Sm2ContentVerifierProvider;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.mobile.DeviceActivations;
import org.medsign.hub.signing.SignerResolver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Device activation with a collaborative SM2 key (issue #14, first step) over real HTTP on H2: the device's side is
 * crypto-core's {@link CollabClient}; the signature made afterwards uses the hub's share taken from the vault in
 * process (the HTTP signing round comes later). Each test uses its own staff member, made like a mobile signer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceActivationH2IntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIN = "270419";
    private static final SecureRandom RANDOM = new SecureRandom();

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    @Override
    protected boolean demoWindows() {
        return false;
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffCertificates certificates;

    @Autowired
    DeviceActivations devices;

    @Autowired
    KeyVault vault;

    @Autowired
    SignerResolver resolver;

    @Test
    void activationCertifiesTheJointKeyAndOnlyDeviceAndHubTogetherSign() throws Exception {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "C1001");
        String hubHeld = resolver.resolve("demo", staffId, Instant.now()).credential().serial();
        X509CertificateHolder old = resolver.resolve("demo", staffId, Instant.now()).credential().certificate();
        CollabClient client = new CollabClient(RANDOM);
        CollabClient.Keygen keygen = client.startKeygen();

        HttpResponse<String> activated = deviceActivate(staffId, issueCode(staffId), PIN,
                b64(keygen.request().toBytes()));

        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        JsonNode body = json(activated);
        ClientShare share = keygen.finish(KeygenResponse.fromBytes(decode(body.get("keygen"))));
        X509CertificateHolder certificate = Pem.parseCertificate(body.get("certificate").asText()
                .getBytes(StandardCharsets.US_ASCII));
        String serial = body.get("serial").asText();
        byte[] pepper = decode(body.get("pepper"));
        ECPublicKeyParameters certified = Sm2.fromSubjectPublicKeyInfo(certificate.getSubjectPublicKeyInfo());
        assertThat(certified.getQ()).as("the certificate is for P").isEqualTo(share.publicKey().getQ());
        assertThat(SerialNumbers.parseHex(serial)).isEqualTo(certificate.getSerialNumber());
        assertThat(pepper).hasSize(DeviceShareSeal.PEPPER_LENGTH);

        // issued by the hub's CA, with the subject and signing profile of the clinician's hub-held certificate
        List<X509CertificateHolder> chain = Pem.parseCertificates(getWithKey("/api/v1/ca/chain").body()
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(certificate.getIssuer()).isEqualTo(chain.get(0).getSubject());
        assertThat(certificate.isSignatureValid(Sm2ContentVerifierProvider.of(chain.get(0)))).isTrue();
        assertThat(certificate.getSubject()).isEqualTo(old.getSubject());
        assertThat(KeyUsage.fromExtensions(certificate.getExtensions()))
                .isEqualTo(KeyUsage.fromExtensions(old.getExtensions()));
        assertThat(certificate.getExtension(Extension.keyUsage).isCritical())
                .isEqualTo(old.getExtension(Extension.keyUsage).isCritical());

        // the ledger: the collaborative certificate supersedes the hub-held one in the same transaction (no gap)
        Map<String, JsonNode> ledger = ledgerCertificates(staffId);
        assertThat(ledger.get(serial).get("keyCustody").asText()).isEqualTo("COLLABORATIVE");
        assertThat(ledger.get(serial).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(ledger.get(hubHeld).get("keyCustody").asText()).isEqualTo("HUB");
        assertThat(ledger.get(hubHeld).get("status").asText()).isEqualTo("REVOKED");
        assertThat(resolver.resolve("demo", staffId, Instant.now()).credential().serial())
                .as("signing resolves the collaborative certificate").isEqualTo(serial);
        assertThat(resolver.resolve("demo", staffId, Instant.now()).collaborative()).isTrue();

        // the device's store reopens with the PIN and the pepper the logged-in app fetches again
        byte[] sealed = DeviceShareSeal.seal(share, PIN.toCharArray(), pepper, RANDOM);
        String token = login(staffId);
        HttpResponse<String> fetched = app("GET", "/api/v1/m/device/pepper", token, null);
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
        byte[] pepperAgain = decode(json(fetched).get("pepper"));
        assertThat(pepperAgain).isEqualTo(pepper);
        ClientShare reopened = DeviceShareSeal.open(sealed, PIN.toCharArray(), pepperAgain);
        assertThat(app("GET", "/api/v1/m/device/pepper", null, null).statusCode()).as("no session").isEqualTo(401);

        // a joint signature with the hub's share from the vault verifies under the certificate
        ServerShare hubShare = devices.share(serial).orElseThrow();
        assertThat(hubShare.publicKey().getQ()).isEqualTo(certified.getQ());
        byte[] message = "出院小结：协同签名".getBytes(StandardCharsets.UTF_8);
        ServerSigningSession session = new CollabServer(RANDOM).openSession(hubShare, SignerId.DEFAULT, message);
        CollabClient.Signing signing = client.startSigning(reopened, session.id(), SignerId.DEFAULT, message);
        CollabSignature signature = signing.finish(session.respond(signing.request()));
        assertThat(Sm2.verify(certified, SignerId.DEFAULT, message, signature.toDer(), Sm2SignatureEncoding.DER))
                .isTrue();

        // the hub's share alone is not the private key, and the vault never hands it out as a signing key
        Sm2KeyPair asIfPrivate = Sm2.keyPairOf(new BigInteger(1, hubShare.exportForSealing()));
        byte[] forged = Sm2.sign(asIfPrivate.privateKey(), SignerId.DEFAULT, message, Sm2SignatureEncoding.DER,
                RANDOM);
        assertThat(Sm2.verify(certified, SignerId.DEFAULT, message, forged, Sm2SignatureEncoding.DER)).isFalse();
        String alias = jdbc.sql("SELECT share_alias FROM collab_key WHERE serial = ?").param(serial)
                .query(String.class).single();
        assertThat(vault.find(alias)).isEmpty();
        byte[] stored = jdbc.sql("SELECT wrapped FROM hub_key WHERE alias = ?").param(alias).query(byte[].class)
                .single();
        assertThat(contains(stored, hubShare.exportForSealing())).as("the share is sealed").isFalse();
        byte[] storedPepper = jdbc.sql("SELECT sealed FROM device_pepper WHERE staff_id = ?").param(staffId)
                .query(byte[].class).single();
        assertThat(contains(storedPepper, pepper)).as("the pepper is sealed").isFalse();
        assertThat(activated.body()).doesNotContain(b64(hubShare.exportForSealing()));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'DEVICE_KEY_ACTIVATED' AND target = ?")
                .param("staff/" + staffId).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aSecondDeviceSupersedesTheFirstCollaborativeCertificateAndReplacesThePepper() throws Exception {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "C1002");
        JsonNode first = json(deviceActivate(staffId, issueCode(staffId), PIN, newKeygen()));
        HttpResponse<String> second = deviceActivate(staffId, issueCode(staffId), PIN, newKeygen());
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);

        Map<String, JsonNode> ledger = ledgerCertificates(staffId);
        assertThat(ledger.get(first.get("serial").asText()).get("status").asText()).isEqualTo("REVOKED");
        assertThat(ledger.get(json(second).get("serial").asText()).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(json(second).get("pepper").asText()).isNotEqualTo(first.get("pepper").asText());
    }

    @Test
    void malformedKeygenAndBadCodesAreRefusedAndStoreNothing() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "C1003");
        String code = issueCode(staffId);
        Map<String, Integer> before = stored(staffId);

        HttpResponse<String> garbage = deviceActivate(staffId, code, PIN, b64(new byte[] {1, 2, 3}));
        assertProblem(garbage, 400, "COLLAB_MESSAGE_INVALID", "BAD_ENCODING");
        assertProblem(deviceActivate(staffId, code, PIN, "not base64 !"), 400, "COLLAB_MESSAGE_INVALID", "base64");
        byte[] offCurve = new byte[66];
        offCurve[0] = 0x01;
        offCurve[1] = 0x04;
        offCurve[33] = 1;
        offCurve[65] = 1; // (1, 1) is not on sm2p256v1
        assertProblem(deviceActivate(staffId, code, PIN, b64(offCurve)), 400, "COLLAB_MESSAGE_INVALID",
                "POINT_NOT_ON_CURVE");
        assertProblem(deviceActivate(staffId, "WRONGCODE2", PIN, newKeygen()), 401, "ACTIVATION_CODE_INVALID", "");
        assertProblem(deviceActivate(staffId, code, "123456", newKeygen()), 400, "PIN_TOO_WEAK", "");
        assertProblem(app("POST", "/api/v1/m/device/activate", null, "{}"), 400, "INVALID_REQUEST", "");
        assertProblem(app("POST", "/api/v1/m/device/activate", null, null), 400, "MALFORMED_REQUEST", "");
        assertThat(stored(staffId)).as("nothing stored").isEqualTo(before);
        assertThat(pinSet(staffId)).isFalse();

        assertThat(deviceActivate(staffId, code, PIN, newKeygen()).statusCode()).as("the code is still usable")
                .isEqualTo(200);
        Map<String, Integer> after = stored(staffId);
        assertProblem(deviceActivate(staffId, code, PIN, newKeygen()), 401, "ACTIVATION_CODE_INVALID", "");
        assertThat(stored(staffId)).as("a used code stores nothing").isEqualTo(after);
        assertThat(after.get("certificates")).isEqualTo(before.get("certificates") + 1);
        assertThat(after.get("shares")).isEqualTo(before.get("shares") + 1);
    }

    @Test
    void thePepperNeedsAnActivatedDevice() {
        String staffId = DemoSigners.withoutWindow(jdbc, certificates, "C1004");
        HttpResponse<String> activated = app("POST", "/api/v1/m/activate", null, "{\"staffId\":\"" + staffId
                + "\",\"code\":\"" + issueCode(staffId) + "\",\"pin\":\"" + PIN + "\"}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        assertProblem(app("GET", "/api/v1/m/device/pepper", login(staffId), null), 404, "DEVICE_NOT_ACTIVATED", "");
    }

    // ---- helpers

    private static String newKeygen() {
        return b64(new CollabClient(RANDOM).startKeygen().request().toBytes());
    }

    private HttpResponse<String> deviceActivate(String staffId, String code, String pin, String keygen) {
        try {
            return app("POST", "/api/v1/m/device/activate", null, JSON.writeValueAsString(Map.of("staffId", staffId,
                    "code", code, "pin", pin, "keygen", keygen)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Integer> stored(String staffId) {
        Map<String, Integer> counts = new HashMap<>();
        counts.put("certificates", count("SELECT COUNT(*) FROM staff_certificate WHERE staff_id = ?", staffId));
        counts.put("collab", count("SELECT COUNT(*) FROM collab_key WHERE staff_id = ?", staffId));
        counts.put("peppers", count("SELECT COUNT(*) FROM device_pepper WHERE staff_id = ?", staffId));
        counts.put("shares", count("SELECT COUNT(*) FROM hub_key WHERE alias LIKE ?", "collab-%"));
        counts.put("issued", jdbc.sql("SELECT COUNT(*) FROM ca_certificate").query(Integer.class).single());
        return counts;
    }

    private int count(String sql, String param) {
        return jdbc.sql(sql).param(param).query(Integer.class).single();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("code").asText()).isEqualTo(code);
        assertThat(json(response).path("detail").asText()).contains(detail);
    }

    private Map<String, JsonNode> ledgerCertificates(String staffId) {
        HttpResponse<String> answer = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/staff/"
                + staffId)).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, JsonNode> bySerial = new HashMap<>();
        json(answer).get("certificates").forEach(entry -> bySerial.put(entry.get("certificate").get("serial").asText(),
                entry.get("certificate")));
        return bySerial;
    }

    private String issueCode(String staffId) {
        HttpResponse<String> issued = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/admin/staff/" + staffId
                + "/activation")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        return json(issued).get("code").asText();
    }

    private String login(String staffId) {
        HttpResponse<String> response = app("POST", "/api/v1/m/login", null, "{\"staffId\":\"" + staffId
                + "\",\"pin\":\"" + PIN + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("token").asText();
    }

    private boolean pinSet(String staffId) {
        return json(asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/staff/" + staffId + "/pin")).GET()))
                .get("set").asBoolean();
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

    private static byte[] decode(JsonNode base64) {
        return Base64.getDecoder().decode(base64.asText());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
