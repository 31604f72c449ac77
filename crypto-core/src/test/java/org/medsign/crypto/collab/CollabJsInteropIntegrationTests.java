package org.medsign.crypto.collab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.sm.SignerId;

/**
 * The browser client (collab-js, run by Node) against the Java server: joint key generation, signatures that
 * BouncyCastle verifies, a malicious answer refused, and a share sealed in JS opened in Java. Skipped, with a visible
 * message, without Node or when collab-js's dependencies cannot be installed ({@code npm ci}). Also runs collab-js's
 * own {@code node --test} suite: the shared vectors and the committed bundle being up to date.
 */
class CollabJsInteropIntegrationTests {

    private static final Path COLLAB_JS = Path.of("..", "collab-js").toAbsolutePath().normalize();
    private static final HexFormat HEX = HexFormat.of();
    private static Boolean ready;

    private Process node;
    private BufferedWriter toNode;
    private BufferedReader fromNode;

    private static void skip(String why) {
        System.err.println("SKIPPED: " + why + "; JS <-> Java collaborative signing tests are skipped");
        ready = false;
    }

    private static synchronized boolean prepare() {
        if (ready != null) {
            return ready;
        }
        try {
            if (Openssl.exec(COLLAB_JS.getParent(), Map.of(), List.of("node", "--version")).exit() != 0) {
                skip("node not found");
                return false;
            }
        } catch (RuntimeException e) {
            skip("node not found");
            return false;
        }
        if (!Files.isDirectory(COLLAB_JS.resolve("node_modules"))) {
            try {
                Openssl.Result install = Openssl.exec(COLLAB_JS, Map.of(), List.of("npm", "ci", "--no-audit",
                        "--no-fund"));
                if (install.exit() != 0) {
                    skip("npm ci failed in collab-js: " + install.err());
                    return false;
                }
            } catch (RuntimeException e) {
                skip("npm ci could not run in collab-js (" + e.getMessage() + ")");
                return false;
            }
        }
        ready = true;
        return true;
    }

    @BeforeEach
    void requireNode() {
        Assumptions.assumeTrue(prepare(), "node or collab-js dependencies missing: JS interop test skipped");
    }

    private void startNode() throws IOException {
        node = new ProcessBuilder("node", "tools/stdio-client.mjs").directory(COLLAB_JS.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toNode = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        fromNode = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopNode() throws InterruptedException {
        if (node != null) {
            node.destroy();
            node.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, Object> ask(String... keyValues) throws IOException {
        if (node == null) {
            startNode();
        }
        Map<String, String> command = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            command.put(keyValues[i], keyValues[i + 1]);
        }
        toNode.write(TestJson.line(command));
        toNode.newLine();
        toNode.flush();
        String line = fromNode.readLine();
        assertThat(line).as("node answered").isNotNull();
        return TestJson.object(line);
    }

    private String field(Map<String, Object> answer, String name) {
        assertThat(answer).as("node's answer").containsKey(name);
        return (String) answer.get(name);
    }

    @Test
    void collabJsOwnTestsPassAgainstTheSharedVectorsAndTheCommittedBundle() {
        Openssl.Result result = Openssl.exec(COLLAB_JS, Map.of(), List.of("node", "--test", "test/"));
        assertThat(result.exit()).as("node --test in collab-js:%n%s%s", result.out(), result.err()).isZero();
        assertThat(result.out()).contains("# fail 0").doesNotContain("# pass 0");
    }

    @Test
    void theJsClientAndTheJavaServerGenerateAKeyAndSign() throws Exception {
        CollabServer server = new CollabServer(new SecureRandom());
        Map<String, Object> start = ask("op", "keygen");
        CollabServer.Keygen keygen = server.keygen(KeygenRequest.fromBytes(HEX.parseHex(field(start, "request"))));
        Map<String, Object> done = ask("op", "keygenResponse", "bytes", HEX.formatHex(keygen.response().toBytes()));
        assertThat(field(done, "publicKey")).isEqualTo(HEX.formatHex(keygen.share().publicKey().getQ()
                .getEncoded(false)));

        for (int i = 0; i < 5; i++) {
            byte[] message = ("出院小结 " + i).repeat(i + 1).getBytes(StandardCharsets.UTF_8);
            ServerSigningSession session = server.openSession(keygen.share(), SignerId.DEFAULT, message);
            Map<String, Object> request = ask("op", "sign", "sessionId", session.id().hex(), "message",
                    HEX.formatHex(message));
            SignResponse response = session.respond(SignRequest.fromBytes(HEX.parseHex(field(request, "request"))));
            byte[] der = HEX.parseHex(field(ask("op", "signResponse", "bytes", HEX.formatHex(response.toBytes())),
                    "der"));
            assertThat(CollabProtocolTests.verifiesWithBouncyCastle(keygen.share().publicKey(), message, der))
                    .as("signature %d", i).isTrue();
        }
    }

    @Test
    void theJsClientRefusesAZeroS2AndAShareSealedInJsOpensInJava() throws Exception {
        CollabServer server = new CollabServer(new SecureRandom());
        CollabServer.Keygen keygen = server.keygen(KeygenRequest.fromBytes(HEX.parseHex(field(ask("op", "keygen"),
                "request"))));
        ask("op", "keygenResponse", "bytes", HEX.formatHex(keygen.response().toBytes()));

        byte[] message = "检验报告".getBytes(StandardCharsets.UTF_8);
        ServerSigningSession session = server.openSession(keygen.share(), SignerId.DEFAULT, message);
        SignRequest request = SignRequest.fromBytes(HEX.parseHex(field(ask("op", "sign", "sessionId",
                session.id().hex(), "message", HEX.formatHex(message)), "request")));
        byte[] answer = session.respond(request).toBytes();
        java.util.Arrays.fill(answer, 49, 81, (byte) 0); // s2 = 0
        assertThat(ask("op", "signResponse", "bytes", HEX.formatHex(answer))).containsEntry("error",
                "SCALAR_OUT_OF_RANGE");

        byte[] pepper = new byte[DeviceShareSeal.PEPPER_LENGTH];
        new SecureRandom().nextBytes(pepper);
        byte[] sealed = HEX.parseHex(field(ask("op", "seal", "pin", "135790", "pepper", HEX.formatHex(pepper)),
                "sealed"));
        ClientShare opened = DeviceShareSeal.open(sealed, "135790".toCharArray(), pepper);
        InProcessCollab collab = new InProcessCollab();
        CollabSignature signature = collab.sign(new InProcessCollab.Key(opened, keygen.share()), message);
        assertThat(CollabProtocolTests.verifiesWithBouncyCastle(keygen.share().publicKey(), message,
                signature.toDer())).isTrue();
    }
}
