package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.cli.MedsignCommand;
import org.medsign.cli.device.DeviceSigning;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.cms.ParsedSignedData;
import org.medsign.crypto.collab.ClientShare;
import org.medsign.crypto.collab.CollabClient;
import org.medsign.crypto.collab.CollabParameters;
import org.medsign.crypto.collab.CollabSignature;
import org.medsign.crypto.collab.KeygenResponse;
import org.medsign.crypto.collab.ServerShare;
import org.medsign.crypto.collab.SessionId;
import org.medsign.crypto.collab.SignRequest;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2KeyPair;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.hub.HubException;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.OpensslCmsCheck;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.signing.SigningTasks;
import org.medsign.hub.signing.SigningWorker;
import org.medsign.hub.signing.WindowDelegations;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Collaborative SM2 keys end to end (协同签名, issue #14) on H2 with the HIS route over real MLLP: a clinician's
 * device (the CLI in its own JVM, or crypto-core's {@link CollabClient} over HTTP) activates a joint key, which
 * supersedes the hub-held certificate; an MDM^T02 for them becomes a task that only the device's signing round
 * confirms; the HIS gets an MDM^T04 whose CMS the OpenSSL recipe verifies under the collaborative certificate.
 * Windows sign only with the device's delegation and stop when closed. The hub alone — its database, vault and KEK —
 * cannot make a valid signature, and malformed or replayed protocol messages sign nothing. Each test has its own
 * clinician (C2xxx) with an HIS account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CollaborativeSigningH2IntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset GBK = Charset.forName("GBK");
    private static final String PIN = "270419";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration ANSWER = Duration.ofSeconds(60);

    static Path home;
    static int hisPort;
    static MllpPeer.Listener his;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        his = new MllpPeer.Listener(GBK);
        try (ServerSocket socket = new ServerSocket(0)) {
            hisPort = socket.getLocalPort();
        }
        Files.writeString(routes.resolve("his.yaml"), Files.readString(Path.of("../routes/his.yaml"))
                .replace("value: \"2575\"", "value: \"" + hisPort + "\"")
                .replace("value: \"2585\"", "value: \"" + his.port() + "\""));
        registry.add("medsign.routes.dir", routes::toString);
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
    KeyVault vault;

    @Autowired
    SigningTasks tasks;

    @Autowired
    SigningWorker worker;

    @Autowired
    WindowDelegations delegations;

    @Autowired
    org.medsign.hub.lifecycle.operations.CertificateReplacement replacement;

    @TempDir
    Path work;

    // ---------------------------------------------------------------- the CLI as the phone

    @Test
    void aHisDocumentConfirmedWithTheCliDeviceIsSignedJointlyAndOpensslVerifiesIt() throws Exception {
        String staffId = clinician("C2001");
        String hubHeld = activeSerials(staffId).get(0);
        Path store = work.resolve("c2001.device.json");

        Run activated = cli("device", "activate", "--hub", "http://localhost:" + port, "--staff", staffId,
                "--code", issueCode(staffId), "--store", store.toString());
        assertThat(activated.exit()).as(activated.out()).isZero();
        String stored = Files.readString(store);
        JsonNode device = JSON.readTree(stored);
        String serial = device.get("serial").asText();

        // the ledger: custody COLLABORATIVE; the hub-held certificate superseded and its key destroyed
        Map<String, JsonNode> ledger = ledgerCertificates(staffId);
        assertThat(ledger.get(serial).get("keyCustody").asText()).isEqualTo("COLLABORATIVE");
        assertThat(ledger.get(serial).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(ledger.get(hubHeld).get("status").asText()).isEqualTo("REVOKED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM hub_key k JOIN staff_certificate c ON c.key_alias = k.alias "
                + "WHERE c.serial = ?").param(hubHeld).query(Integer.class).single()).as("hub-held key destroyed")
                .isZero();
        assertThat(stored).as("the store holds no PIN").doesNotContain(PIN);

        String controlId = "COL" + System.nanoTime();
        long taskId = sendAndAwaitTask(controlId, staffId);
        assertThat(his.received().stream().filter(m -> m.contains(controlId))).as("nothing before the device")
                .isEmpty();

        Run confirmed = cli("device", "confirm", "--hub", "http://localhost:" + port, "--store", store.toString(),
                "--task", Long.toString(taskId));
        assertThat(confirmed.exit()).as(confirmed.out()).isZero();
        assertThat(confirmed.out()).contains("confirmed 1 task(s)");

        String result = awaitAnswer(controlId);
        assertThat(MllpPeer.field(result, "MSH", 8)).startsWith("MDM^T04");
        assertThat(MllpPeer.field(result, "TXA", 17)).isEqualTo("LA");
        byte[] cms = MllpPeer.cmsOf(result);
        byte[] content = "准予出院。".getBytes(StandardCharsets.UTF_8);
        assertThat(OpensslCmsCheck.verify(work.resolve("openssl"), cms, content, chain())).isEqualTo(staffId);
        assertThat(signerSerial(cms, content)).as("signed under the collaborative certificate").isEqualTo(serial);
        assertThat(jdbc.sql("SELECT certificate_serial FROM signature_record WHERE system_id = 'his' AND request_id = ?")
                .param(controlId).query(String.class).single()).isEqualTo(serial);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE id = ? AND cosigned IS NULL").param(taskId)
                .query(Integer.class).single()).as("the co-signed copy is dropped once recorded").isEqualTo(1);

        // `--all` confirms every pending task in one round
        List<String> batch = List.of("COLA" + System.nanoTime(), "COLB" + System.nanoTime());
        for (String id : batch) {
            sendAndAwaitTask(id, staffId);
        }
        Run all = cli("device", "confirm", "--hub", "http://localhost:" + port, "--store", store.toString(), "--all");
        assertThat(all.exit()).as(all.out()).isZero();
        for (String id : batch) {
            assertThat(OpensslCmsCheck.verify(work.resolve("openssl-" + id), MllpPeer.cmsOf(awaitAnswer(id)), content,
                    chain())).isEqualTo(staffId);
        }

        // `device renew` re-keys (as the renewal campaign asks of collaborative keys) and replaces the store
        Run renewed = cli("device", "renew", "--hub", "http://localhost:" + port, "--store", store.toString());
        assertThat(renewed.exit()).as(renewed.out()).isZero();
        String newSerial = JSON.readTree(Files.readString(store)).get("serial").asText();
        assertThat(newSerial).isNotEqualTo(serial);
        assertThat(ledgerCertificates(staffId).get(serial).get("status").asText()).isEqualTo("REVOKED");
        String afterRenewal = "COLN" + System.nanoTime();
        long renewedTask = sendAndAwaitTask(afterRenewal, staffId);
        assertThat(cli("device", "confirm", "--hub", "http://localhost:" + port, "--store", store.toString(),
                "--task", Long.toString(renewedTask)).exit()).isZero();
        assertThat(signerSerial(MllpPeer.cmsOf(awaitAnswer(afterRenewal)), content)).isEqualTo(newSerial);
    }

    @Test
    void aWindowDelegatedByTheCliDeviceSignsAtOnceAndNothingAfterItCloses() throws Exception {
        String staffId = clinician("C2002");
        Path store = work.resolve("c2002.device.json");
        assertThat(cli("device", "activate", "--hub", "http://localhost:" + port, "--staff", staffId, "--code",
                issueCode(staffId), "--store", store.toString()).exit()).isZero();
        String serial = JSON.readTree(Files.readString(store)).get("serial").asText();

        Run window = cli("device", "window", "--hub", "http://localhost:" + port, "--store", store.toString(),
                "--systems", "his", "--hours", "24");
        assertThat(window.exit()).as(window.out()).isZero();
        long windowId = jdbc.sql("SELECT id FROM signing_authorization WHERE staff_id = ? AND revoked = FALSE")
                .param(staffId).query(Long.class).single();
        assertThat(delegations.holds(windowId)).isTrue();

        String controlId = "COLW" + System.nanoTime();
        assertThat(MllpPeer.field(MllpPeer.send(hisPort, FailureNoticeIntegrationTests.mdm(controlId, staffId)
                .getBytes(GBK), GBK), "MSA", 1)).isEqualTo("AA");
        byte[] cms = MllpPeer.cmsOf(awaitAnswer(controlId));
        byte[] content = "准予出院。".getBytes(StandardCharsets.UTF_8);
        assertThat(OpensslCmsCheck.verify(work.resolve("openssl"), cms, content, chain())).isEqualTo(staffId);
        assertThat(signerSerial(cms, content)).isEqualTo(serial);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE request_id = ?").param(controlId)
                .query(Integer.class).single()).as("signed under the window, no task").isZero();

        // closing the window drops the delegation: the next document waits for the device again
        HttpResponse<String> closed = app("DELETE", "/api/v1/m/windows/" + windowId, login(staffId), null);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(delegations.holds(windowId)).isFalse();
        String after = "COLX" + System.nanoTime();
        sendAndAwaitTask(after, staffId);
        assertThat(his.received().stream().filter(m -> m.contains(after))).isEmpty();

        // a window without the device's delegation is refused for a collaborative key
        HttpResponse<String> undelegated = app("POST", "/api/v1/m/windows", login(staffId),
                "{\"systems\":[\"his\"],\"hours\":24}");
        assertProblem(undelegated, 400, "WINDOW_INVALID", "collaborative");
        // and a delegation that is not the other share of this key is refused
        HttpResponse<String> wrong = app("POST", "/api/v1/m/windows", login(staffId),
                "{\"systems\":[\"his\"],\"hours\":24,\"delegation\":\""
                        + b64(new byte[31]) + "\"}");
        assertProblem(wrong, 400, "COLLAB_MESSAGE_INVALID", "");
        byte[] stranger = CollabParameters.randomScalar(RANDOM).toByteArray();
        HttpResponse<String> notOurs = app("POST", "/api/v1/m/windows", login(staffId),
                "{\"systems\":[\"his\"],\"hours\":24,\"delegation\":\""
                        + b64(java.util.Arrays.copyOfRange(stranger, stranger.length - 32, stranger.length)) + "\"}");
        assertProblem(notOurs, 400, "COLLAB_MESSAGE_INVALID", "PEER_KEY_MISMATCH");
    }

    // ---------------------------------------------------------------- the hub alone

    @Test
    void theHubAloneWithItsDatabaseVaultAndKekCannotSignForTheClinician() throws Exception {
        String staffId = clinician("C2003");
        Device device = activate(staffId);
        String controlId = "COLH" + System.nanoTime();
        long taskId = sendAndAwaitTask(controlId, staffId);
        long pk = jdbc.sql("SELECT id FROM signing_request WHERE system_id = 'his' AND request_id = ?")
                .param(controlId).query(Long.class).single();

        // the worker, run again, holds the request: no window, no round, nothing to sign with
        worker.process(pk);
        assertThat(status(controlId)).isEqualTo("PENDING");
        // a confirmation with the PIN alone is refused: the key needs the device
        assertThatThrownBy(() -> tasks.confirm(staffId, List.of(taskId))).isInstanceOf(HubException.class)
                .satisfies(e -> assertThat(((HubException) e).code()).isEqualTo(ErrorCode.COLLAB_ROUND_REQUIRED));
        assertProblem(app("POST", "/api/v1/m/tasks/" + taskId + "/confirm", device.token(), "{\"pin\":\"" + PIN
                + "\"}"), 409, "COLLAB_ROUND_REQUIRED", "");

        // everything the hub stores: its share from the vault (unsealed with the KEK) is not the private key
        ServerShare hubShare = vault.findShare(KeyVault.SHARE_PREFIX + device.serial()).orElseThrow();
        Sm2KeyPair asIfPrivate = Sm2.keyPairOf(new BigInteger(1, hubShare.exportForSealing()));
        assertThat(asIfPrivate.publicKey().getQ().normalize()).isNotEqualTo(device.share().publicKey().getQ()
                .normalize());
        assertThat(vault.find(KeyVault.SHARE_PREFIX + device.serial())).as("never a signing key").isEmpty();

        // the hub opens a round but completes it only with the device's signature: one made with the hub's share
        // alone (as if it were the key) does not verify and is refused; nothing is signed, the task stays pending
        JsonNode rounds = start(device, List.of(taskId));
        JsonNode round = rounds.get(0);
        byte[] message = Base64.getDecoder().decode(round.get("message").asText());
        byte[] forged = Sm2.sign(asIfPrivate.privateKey(), SignerId.DEFAULT, message, Sm2SignatureEncoding.PLAIN,
                RANDOM);
        CollabClient.Signing honest = new CollabClient(RANDOM).startSigning(device.share(),
                new SessionId(round.get("session").asText()), SignerId.DEFAULT, message);
        answer(device, List.of(honest.request().toBytes()));
        assertProblem(finish(device, round.get("session").asText(), forged), 400, "COLLAB_MESSAGE_INVALID",
                "does not verify");
        assertThat(status(controlId)).isEqualTo("PENDING");
        assertThat(tasks.find(staffId, taskId).orElseThrow().status()).isEqualTo("PENDING");
        assertThat(signatures(controlId)).isZero();

        // with the device's round it signs
        confirmWithDevice(device, List.of(taskId));
        assertThat(MllpPeer.cmsOf(awaitAnswer(controlId))).isNotEmpty();
        assertThat(signatures(controlId)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- bad protocol messages

    @Test
    void malformedReplayedAndForeignRoundMessagesAreRefusedAndSignNothing() throws Exception {
        String staffId = clinician("C2004");
        Device device = activate(staffId);
        String other = clinician("C2005");
        Device stranger = activate(other);
        String controlId = "COLM" + System.nanoTime();
        long taskId = sendAndAwaitTask(controlId, staffId);

        // wrong PIN: nothing opened
        assertProblem(app("POST", "/api/v1/m/tasks/cosign/start", device.token(), "{\"ids\":[" + taskId
                + "],\"pin\":\"999999\"}"), 401, "PIN_WRONG", "");
        // another signer's task is unknown
        assertProblem(app("POST", "/api/v1/m/tasks/cosign/start", stranger.token(), "{\"ids\":[" + taskId
                + "],\"pin\":\"" + PIN + "\"}"), 404, "TASK_UNKNOWN", "");

        JsonNode round = start(device, List.of(taskId)).get(0);
        SessionId session = new SessionId(round.get("session").asText());
        byte[] message = Base64.getDecoder().decode(round.get("message").asText());
        CollabClient.Signing signing = new CollabClient(RANDOM).startSigning(device.share(), session,
                SignerId.DEFAULT, message);
        byte[] request = signing.request().toBytes();

        // garbage, a point off the curve, e of another document: refused before anything is answered
        assertProblem(app("POST", "/api/v1/m/tasks/cosign/answer", device.token(), "{\"requests\":[\""
                + b64(new byte[] {1, 2, 3}) + "\"]}"), 400, "COLLAB_MESSAGE_INVALID", "BAD_ENCODING");
        assertProblem(app("POST", "/api/v1/m/tasks/cosign/answer", device.token(), "{\"requests\":[\"%%%\"]}"),
                400, "COLLAB_MESSAGE_INVALID", "base64");
        byte[] offCurve = request.clone();
        offCurve[1 + SessionId.LENGTH + 64] ^= 1; // last byte of Q1's y
        assertProblem(answerRaw(device, offCurve), 400, "COLLAB_MESSAGE_INVALID", "POINT_NOT_ON_CURVE");
        // the stranger cannot use this signer's session
        assertProblem(answerRaw(stranger, request), 400, "COLLAB_MESSAGE_INVALID", "unknown");
        // finishing before the answer
        assertProblem(finish(device, session.hex(), new byte[64]), 400, "COLLAB_MESSAGE_INVALID", "");

        // e of another message spends the session
        byte[] otherE = new SignRequest(session, signing.request().q1(), new byte[32]).toBytes();
        assertProblem(answerRaw(device, otherE), 400, "COLLAB_MESSAGE_INVALID", "DIGEST_MISMATCH");
        // replay of the (now spent) session
        assertProblem(answerRaw(device, request), 400, "COLLAB_MESSAGE_INVALID", "unknown");
        assertThat(status(controlId)).isEqualTo("PENDING");

        // a fresh round: answered once, a replay refused, an out-of-range s refused, the right one accepted
        JsonNode fresh = start(device, List.of(taskId)).get(0);
        SessionId freshSession = new SessionId(fresh.get("session").asText());
        CollabClient.Signing good = new CollabClient(RANDOM).startSigning(device.share(), freshSession,
                SignerId.DEFAULT, Base64.getDecoder().decode(fresh.get("message").asText()));
        JsonNode answered = answer(device, List.of(good.request().toBytes()));
        assertProblem(answerRaw(device, good.request().toBytes()), 400, "COLLAB_MESSAGE_INVALID", "unknown");
        CollabSignature signature = good.finish(org.medsign.crypto.collab.SignResponse.fromBytes(
                Base64.getDecoder().decode(answered.get(0).asText())));
        byte[] outOfRange = signature.toPlain();
        java.util.Arrays.fill(outOfRange, 32, 64, (byte) 0xff);
        assertProblem(finish(device, freshSession.hex(), outOfRange), 400, "COLLAB_MESSAGE_INVALID",
                "SCALAR_OUT_OF_RANGE");
        assertThat(signatures(controlId)).isZero();
        assertThat(tasks.find(staffId, taskId).orElseThrow().status()).isEqualTo("PENDING");

        // a round fails as a whole: the finished session cannot be finished again
        assertProblem(finish(device, freshSession.hex(), signature.toPlain()), 400, "COLLAB_MESSAGE_INVALID",
                "unknown");
        confirmWithDevice(device, List.of(taskId));
        awaitAnswer(controlId);
        assertThat(signatures(controlId)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- scan-to-login

    @Test
    void aScanToLoginIsSignedByTheDevicesRoundAndOpensslVerifiesIt() throws Exception {
        String staffId = clinician("C2007");
        Device device = activate(staffId);
        String hisKey = Files.readString(home.resolve("secrets").resolve("his-api-key")).trim();
        HttpResponse<String> issued = send(HttpRequest.newBuilder(uri("/api/v1/login-challenges"))
                .header("Content-Type", "application/json").header("X-Medsign-Api-Key", hisKey)
                .POST(HttpRequest.BodyPublishers.ofString("")).build());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String id = JSON.readTree(issued.body()).get("challengeId").asText();

        assertProblem(app("POST", "/api/v1/m/login-challenges/" + id + "/confirm", device.token(), "{\"pin\":\""
                + PIN + "\"}"), 409, "COLLAB_ROUND_REQUIRED", "");
        HttpResponse<String> started = app("POST", "/api/v1/m/login-challenges/" + id + "/cosign/start",
                device.token(), "{\"pin\":\"" + PIN + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode round = JSON.readTree(started.body()).get("rounds").get(0);
        List<DeviceSigning.Round> rounds = List.of(JSON.convertValue(round, DeviceSigning.Round.class));
        DeviceSigning signing = new DeviceSigning(device.share(), RANDOM);
        // a task's finish does not take a login round
        HttpResponse<String> answered = app("POST", "/api/v1/m/cosign/answer", device.token(),
                JSON.writeValueAsString(signing.requests(rounds)));
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        List<String> responses = new ArrayList<>();
        JSON.readTree(answered.body()).get("responses").forEach(node -> responses.add(node.asText()));
        String finish = JSON.writeValueAsString(signing.signatures(responses));
        assertProblem(app("POST", "/api/v1/m/tasks/cosign/finish", device.token(), finish), 400,
                "COLLAB_MESSAGE_INVALID", "unknown");
        HttpResponse<String> finished = app("POST", "/api/v1/m/login-challenges/" + id + "/cosign/finish",
                device.token(), finish);
        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);

        JsonNode state = JSON.readTree(send(HttpRequest.newBuilder(uri("/api/v1/login-challenges/" + id))
                .header("X-Medsign-Api-Key", hisKey).GET().build()).body());
        assertThat(state.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(state.get("certificateSerial").asText()).isEqualTo(device.serial());
        String chain = getWithKey("/api/v1/ca/chain").body();
        assertThat(org.medsign.hub.LoginSignatureCheck.verify(work.resolve("login"), state.get("signedData").asText(),
                state.get("signature").asText(), state.get("certificate").asText(), chain)).isTrue();
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void renewalWaitsForTheDeviceTheDeviceRenewsAndALostPhoneRevokesTheKeyUntilANewActivation() throws Exception {
        String staffId = clinician("C2006");
        Device device = activate(staffId);

        // the renewal campaign and a reissue leave a collaborative key to the device
        var candidate = replacement.candidate(device.serial(), Instant.now()).orElseThrow();
        assertThat(org.medsign.hub.lifecycle.operations.CertificateReplacement.renewalBlocker(candidate,
                Instant.now())).contains(org.medsign.hub.lifecycle.campaign.RenewalSkipReason.WAITS_FOR_DEVICE);
        assertThatThrownBy(() -> replacement.reissue(device.serial(),
                org.medsign.hub.lifecycle.operations.ReissueKind.DAMAGE, null, null, "secadmin", "SECURITY_ADMIN"))
                .isInstanceOf(HubException.class).hasMessageContaining("activate the device again");

        // the device renews: a new joint key, a key update of the certificate, the old one superseded
        CollabClient.Keygen keygen = new CollabClient(RANDOM).startKeygen();
        assertProblem(app("POST", "/api/v1/m/device/renew", device.token(), JSON.writeValueAsString(Map.of(
                "pin", "999999", "keygen", b64(keygen.request().toBytes())))), 401, "PIN_WRONG", "");
        HttpResponse<String> renewed = app("POST", "/api/v1/m/device/renew", device.token(),
                JSON.writeValueAsString(Map.of("pin", PIN, "keygen", b64(keygen.request().toBytes()))));
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(renewed.body());
        ClientShare newShare = keygen.finish(KeygenResponse.fromBytes(Base64.getDecoder().decode(
                body.get("keygen").asText())));
        String newSerial = body.get("serial").asText();
        Map<String, JsonNode> ledger = ledgerCertificates(staffId);
        assertThat(ledger.get(device.serial()).get("status").asText()).isEqualTo("REVOKED");
        assertThat(ledger.get(newSerial).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(ledger.get(newSerial).get("keyCustody").asText()).isEqualTo("COLLABORATIVE");
        Device renewedDevice = new Device(staffId, newShare, newSerial, device.token());
        String controlId = "COLR" + System.nanoTime();
        long taskId = sendAndAwaitTask(controlId, staffId);
        confirmWithDevice(renewedDevice, List.of(taskId));
        byte[] content = "准予出院。".getBytes(StandardCharsets.UTF_8);
        assertThat(signerSerial(MllpPeer.cmsOf(awaitAnswer(controlId)), content)).isEqualTo(newSerial);

        // a lost phone: sessions end, the collaborative certificate is revoked, the pepper is gone
        HttpResponse<String> lost = app("POST", "/api/v1/m/lost", device.token(), null);
        assertThat(lost.statusCode()).as(lost.body()).isEqualTo(200);
        assertThat(JSON.readTree(lost.body()).get("certificatesRevoked").asInt()).isEqualTo(1);
        assertThat(ledgerCertificates(staffId).get(newSerial).get("status").asText()).isEqualTo("REVOKED");
        assertProblem(app("GET", "/api/v1/m/device/pepper", login(staffId), null), 404, "DEVICE_NOT_ACTIVATED", "");
        String waiting = "COLL" + System.nanoTime();
        String refused = MllpPeer.send(hisPort, FailureNoticeIntegrationTests.mdm(waiting, staffId).getBytes(GBK),
                GBK);
        assertThat(MllpPeer.field(refused, "MSA", 1)).as(refused).isIn("AE", "AR");
        assertThat(refused).contains("SIGNER_CERTIFICATE_REVOKED");

        // the new phone activates with a new code and signs again
        Device again = activate(staffId);
        String afterLoss = "COLN" + System.nanoTime();
        confirmWithDevice(again, List.of(sendAndAwaitTask(afterLoss, staffId)));
        assertThat(signerSerial(MllpPeer.cmsOf(awaitAnswer(afterLoss)), content)).isEqualTo(again.serial());
    }

    // ---------------------------------------------------------------- plumbing

    /** A device activated over HTTP with crypto-core's client, logged in. */
    private record Device(String staffId, ClientShare share, String serial, String token) {
    }

    private Device activate(String staffId) throws Exception {
        CollabClient.Keygen keygen = new CollabClient(RANDOM).startKeygen();
        HttpResponse<String> activated = app("POST", "/api/v1/m/device/activate", null, JSON.writeValueAsString(Map.of(
                "staffId", staffId, "code", issueCode(staffId), "pin", PIN,
                "keygen", b64(keygen.request().toBytes()))));
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(activated.body());
        ClientShare share = keygen.finish(KeygenResponse.fromBytes(Base64.getDecoder().decode(
                body.get("keygen").asText())));
        return new Device(staffId, share, body.get("serial").asText(), login(staffId));
    }

    /** Confirms tasks with the SDK's round ({@link DeviceSigning}) over HTTP. */
    private void confirmWithDevice(Device device, List<Long> taskIds) throws Exception {
        JsonNode opened = start(device, taskIds);
        List<DeviceSigning.Round> rounds = new ArrayList<>();
        opened.forEach(node -> rounds.add(JSON.convertValue(node, DeviceSigning.Round.class)));
        DeviceSigning signing = new DeviceSigning(device.share(), RANDOM);
        HttpResponse<String> answered = app("POST", "/api/v1/m/tasks/cosign/answer", device.token(),
                JSON.writeValueAsString(signing.requests(rounds)));
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        List<String> responses = new ArrayList<>();
        JSON.readTree(answered.body()).get("responses").forEach(node -> responses.add(node.asText()));
        HttpResponse<String> finished = app("POST", "/api/v1/m/tasks/cosign/finish", device.token(),
                JSON.writeValueAsString(signing.signatures(responses)));
        assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);
        assertThat(JSON.readTree(finished.body()).get("confirmed").size()).isEqualTo(taskIds.size());
    }

    private JsonNode start(Device device, List<Long> taskIds) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ids", taskIds);
        body.put("pin", PIN);
        HttpResponse<String> opened = app("POST", "/api/v1/m/tasks/cosign/start", device.token(),
                JSON.writeValueAsString(body));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        JsonNode rounds = JSON.readTree(opened.body()).get("rounds");
        assertThat(rounds.size()).isEqualTo(taskIds.size());
        return rounds;
    }

    private JsonNode answer(Device device, List<byte[]> requests) throws Exception {
        HttpResponse<String> answered = app("POST", "/api/v1/m/tasks/cosign/answer", device.token(),
                JSON.writeValueAsString(Map.of("requests", requests.stream().map(HubTestSupport::b64).toList())));
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        return JSON.readTree(answered.body()).get("responses");
    }

    private HttpResponse<String> answerRaw(Device device, byte[] request) {
        return app("POST", "/api/v1/m/tasks/cosign/answer", device.token(), "{\"requests\":[\"" + b64(request)
                + "\"]}");
    }

    private HttpResponse<String> finish(Device device, String session, byte[] signature) {
        return app("POST", "/api/v1/m/tasks/cosign/finish", device.token(), "{\"signatures\":[{\"session\":\""
                + session + "\",\"signature\":\"" + b64(signature) + "\"}]}");
    }

    /** A clinician with a hub-held certificate and an HIS account of the same id (no window: requests wait). */
    private String clinician(String staffId) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, created_at, updated_at) "
                + "VALUES (?, '协同医生', '测试科', '主治医师', 'active', ?, ?)").params(staffId, now, now).update();
        jdbc.sql("INSERT INTO system_account (system_id, account, staff_id) VALUES ('his', ?, ?)")
                .params(staffId, staffId).update();
        certificates.issue(staffId, "协同医生", "测试科", null, Instant.now(), null);
        return staffId;
    }

    private record Run(int exit, String out) {
    }

    /** {@code medsign …} as the clinician runs it: its own JVM, the PIN in the environment. */
    private Run cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), MedsignCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MEDSIGN_PIN", PIN);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(out).as("no PIN in the output").doesNotContain(PIN);
        return new Run(process.exitValue(), out);
    }

    private long sendAndAwaitTask(String controlId, String signer) throws Exception {
        String ack = MllpPeer.send(hisPort, FailureNoticeIntegrationTests.mdm(controlId, signer).getBytes(GBK), GBK);
        assertThat(MllpPeer.field(ack, "MSA", 1)).isEqualTo("AA");
        Awaitility.await("the task of " + controlId).atMost(ANSWER).until(() -> "PENDING".equals(status(controlId)));
        return jdbc.sql("SELECT id FROM signing_task WHERE system_id = 'his' AND request_id = ?").param(controlId)
                .query(Long.class).single();
    }

    private String awaitAnswer(String controlId) {
        return Awaitility.await("the answer to " + controlId).atMost(ANSWER).until(() -> his.received().stream()
                .filter(m -> m.contains(controlId) && m.contains("MDM^T04")).findFirst().orElse(null), Objects::nonNull);
    }

    private String status(String requestId) {
        return jdbc.sql("SELECT status FROM signing_request WHERE system_id = 'his' AND request_id = ?")
                .param(requestId).query(String.class).optional().orElse(null);
    }

    private int signatures(String requestId) {
        return jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE system_id = 'his' AND request_id = ?")
                .param(requestId).query(Integer.class).single();
    }

    private List<String> activeSerials(String staffId) {
        return jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = ? AND status = 'ACTIVE'")
                .param(staffId).query(String.class).list();
    }

    private static String signerSerial(byte[] cms, byte[] content) {
        var parsed = ParsedSignedData.parse(cms, content);
        X509CertificateHolder signer = (X509CertificateHolder) parsed.signedData().getCertificates()
                .getMatches(parsed.signedData().getSignerInfos().getSigners().iterator().next().getSID())
                .iterator().next();
        return SerialNumbers.hex(signer.getSerialNumber());
    }

    private List<X509CertificateHolder> chain() {
        return Pem.parseCertificates(getWithKey("/api/v1/ca/chain").body().getBytes(StandardCharsets.US_ASCII));
    }

    private Map<String, JsonNode> ledgerCertificates(String staffId) throws Exception {
        HttpResponse<String> answer = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/staff/"
                + staffId)).GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, JsonNode> bySerial = new HashMap<>();
        JSON.readTree(answer.body()).get("certificates").forEach(entry -> bySerial.put(
                entry.get("certificate").get("serial").asText(), entry.get("certificate")));
        return bySerial;
    }

    private String issueCode(String staffId) throws Exception {
        HttpResponse<String> issued = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/admin/staff/" + staffId
                + "/activation")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        return JSON.readTree(issued.body()).get("code").asText();
    }

    private String login(String staffId) throws Exception {
        HttpResponse<String> response = app("POST", "/api/v1/m/login", null, "{\"staffId\":\"" + staffId
                + "\",\"pin\":\"" + PIN + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("token").asText();
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

    private static void assertProblem(HttpResponse<String> response, int status, String code, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        try {
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("code").asText()).as(response.body()).isEqualTo(code);
            assertThat(problem.path("detail").asText()).as(response.body()).contains(detail);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
