package org.medsign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.cli.device.DeviceStore;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.collab.ClientShare;
import org.medsign.crypto.collab.CollabServer;
import org.medsign.crypto.collab.DeviceShareSeal;
import org.medsign.crypto.collab.KeygenRequest;
import org.medsign.crypto.sm.Sm2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code medsign device activate} against a stand-in hub (JDK HTTP server) that runs the real hub side of the key
 * generation ({@link CollabServer}) and issues the certificate of P with a test CA, as the hub does: the store written
 * holds the sealed share and public data only, and refusals write nothing. The PIN comes from an environment variable
 * (PATH here, since tests cannot set one).
 */
class DeviceCommandTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestPki PKI = new TestPki();
    private final SecureRandom random = new SecureRandom();
    private final byte[] pepper = new byte[DeviceShareSeal.PEPPER_LENGTH];
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private HttpServer hub;
    private volatile String mode = "ok";

    @TempDir
    Path directory;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void startHub() throws Exception {
        random.nextBytes(pepper);
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/api/v1/m/device/activate", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(request);
            int status = 200;
            String answer;
            if ("refused".equals(mode)) {
                status = 401;
                answer = "{\"code\":\"ACTIVATION_CODE_INVALID\",\"category\":\"AUTHENTICATION\","
                        + "\"detail\":\"the activation code is wrong, expired or used\"}";
            } else if ("garbage".equals(mode)) {
                status = 400;
                answer = "{\"code\":\"COLLAB_MESSAGE_INVALID\",\"category\":\"CORRECTABLE\","
                        + "\"detail\":\"keygen: BAD_ENCODING\"}";
            } else {
                answer = answer(request);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        hub.start();
    }

    /** What the hub answers: its key generation response, a certificate (for P, or another key), serial, pepper. */
    private String answer(JsonNode request) throws java.io.IOException {
        CollabServer.Keygen keygen = new CollabServer(random).keygen(KeygenRequest.fromBytes(Base64.getDecoder()
                .decode(request.get("keygen").asText())));
        var key = "substitute".equals(mode) ? Sm2.generateKeyPair(random).publicKey() : keygen.share().publicKey();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509CertificateHolder certificate = PKI.ca.issue(CertificateRequest.builder()
                .subject(DistinguishedNames.parse("CN=移动医生,OU=测试科,O=Test Hospital,C=CN"))
                .publicKey(Sm2.toSubjectPublicKeyInfo(key)).validity(now, now.plus(730, ChronoUnit.DAYS)).build());
        return JSON.writeValueAsString(java.util.Map.of("staffId", request.get("staffId").asText(),
                "keygen", Base64.getEncoder().encodeToString(keygen.response().toBytes()),
                "certificate", Pem.certificatePem(certificate),
                "serial", SerialNumbers.hex(certificate.getSerialNumber()),
                "pepper", Base64.getEncoder().encodeToString(pepper)));
    }

    @AfterEach
    void stopHub() {
        hub.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + hub.getAddress().getPort();
    }

    private static Run run(String... args) {
        CommandLine commandLine = MedsignCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run activate(Path store) {
        return run("device", "activate", "--hub", url(), "--staff", "C2001", "--code", "ABCD-EFGH", "--store",
                store.toString(), "--pin-env", "PATH");
    }

    @Test
    void writesAStoreWithTheSealedShareAndPublicDataOnly() throws Exception {
        Path store = directory.resolve("phone").resolve("device.json");

        Run run = activate(store);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("activated a collaborative key for C2001").contains(store.toString());
        String pin = System.getenv("PATH");
        assertThat(requests).hasSize(1);
        JsonNode sent = requests.get(0);
        assertThat(sent.get("staffId").asText()).isEqualTo("C2001");
        assertThat(sent.get("code").asText()).isEqualTo("ABCD-EFGH");
        assertThat(sent.get("pin").asText()).isEqualTo(pin);
        assertThat(Base64.getDecoder().decode(sent.get("keygen").asText())).hasSize(KeygenRequest.LENGTH);

        assertThat(Files.getPosixFilePermissions(store)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        DeviceStore device = DeviceStore.read(store);
        assertThat(device.staffId()).isEqualTo("C2001");
        assertThat(device.hub().toString()).isEqualTo(url());
        assertThat(Sm2.fromSubjectPublicKeyInfo(device.certificate().getSubjectPublicKeyInfo()).getQ()
                .getEncoded(false)).isEqualTo(device.publicKey());
        assertThat(SerialNumbers.parseHex(device.serial())).isEqualTo(device.certificate().getSerialNumber());

        ClientShare share = device.unlock(pin.toCharArray(), pepper);
        assertThat(share.publicKey().getQ().getEncoded(false)).isEqualTo(device.publicKey());
        byte[] d1 = share.exportForSealing();
        String file = Files.readString(store, StandardCharsets.UTF_8);
        JsonNode json = JSON.readTree(file);
        assertThat(json.get("format").asText()).isEqualTo(DeviceStore.FORMAT);
        assertThat(Base64.getDecoder().decode(json.get("sealedShare").asText())).hasSize(DeviceShareSeal.LENGTH);
        assertThat(file).as("no d1 in clear")
                .doesNotContain(HexFormat.of().formatHex(d1))
                .doesNotContain(HexFormat.of().formatHex(d1).toUpperCase(Locale.ROOT))
                .doesNotContain(Base64.getEncoder().encodeToString(d1))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(d1))
                .doesNotContain(new java.math.BigInteger(1, d1).toString())
                .doesNotContain(pin)
                .doesNotContain(Base64.getEncoder().encodeToString(pepper));
        assertThat(run.out() + run.err()).as("the PIN is never printed").doesNotContain(pin);
    }

    @Test
    void aStoreThatExistsIsNotOverwrittenAndTheHubIsNotCalled() throws Exception {
        Path store = directory.resolve("device.json");
        Files.writeString(store, "{}");

        Run run = activate(store);

        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(run.err()).contains("exists already");
        assertThat(requests).isEmpty();
        assertThat(Files.readString(store)).isEqualTo("{}");
    }

    @Test
    void refusalsOfTheHubAndASubstitutedKeyWriteNothing() {
        Path store = directory.resolve("device.json");

        mode = "refused";
        Run refused = activate(store);
        assertThat(refused.exit()).isEqualTo(MedsignCommand.EXIT_REFUSED);
        assertThat(refused.err()).contains("ACTIVATION_CODE_INVALID");

        mode = "garbage";
        Run garbage = activate(store);
        assertThat(garbage.exit()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(garbage.err()).contains("COLLAB_MESSAGE_INVALID");

        mode = "substitute";
        Run substituted = activate(store);
        assertThat(substituted.exit()).isEqualTo(MedsignCommand.EXIT_HUB);
        assertThat(substituted.err()).contains("not for the joint public key");

        assertThat(store).doesNotExist();
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void aMissingPinIsAPasswordErrorAndNothingIsCalled() {
        Run run = run("device", "activate", "--hub", url(), "--staff", "C2001", "--code", "X", "--store",
                directory.resolve("d.json").toString(), "--pin-env", "MEDSIGN_TEST_SURELY_UNSET");
        assertThat(run.exit()).isEqualTo(MedsignCommand.EXIT_PASSWORD);
        assertThat(requests).isEmpty();
        assertThat(run("device", "activate", "--help").out()).contains("--store").contains("--code")
                .contains("MEDSIGN_PIN");
    }
}
