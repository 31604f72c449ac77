package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.cert.Pem;
import org.medsign.hub.HubProcess;
import org.medsign.hub.OpensslCmsCheck;

/**
 * The pathology walkthrough of docs/integration.md, run as written against the packaged jar (no rebuild): the
 * {@code walkthrough:step} shell commands with {@code sh} and curl, the {@code walkthrough:file} block written to the
 * hub's routes directory, then the report of step 7 sent over MLLP. The report is acknowledged AA, the signed ORU^R01
 * arrives at a stand-in pathology listener on 127.0.0.1:2588, and its CMS verifies with OpenSSL.
 */
class PathologyWalkthroughProcessIntegrationTests {

    private static final Path GUIDE = Path.of("../docs/integration.md");
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- walkthrough:(step|file ([^ ]+)) -->\\s*```[a-z]*\\n(.*?)\\n\\s*```", Pattern.DOTALL);
    private static final Pattern REPORT = Pattern.compile("printf '(.*?)' \\| nc");

    @TempDir
    Path work;

    @Test
    void pathologyIsConnectedByOneRouteFileAndStaffCodeMappingWithoutARebuild() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
                "the walkthrough uses curl");
        String guide = Files.readString(GUIDE);
        Path home = work.resolve("home");
        Path routes = Files.createDirectories(work.resolve("routes"));
        Map<String, String> env = new HashMap<>();
        env.put("MEDSIGN_ADMIN_PASSWORD", "walkthrough-admin");
        env.put("MEDSIGN_BOOTSTRAP_PASSWORD", "walkthrough-bootstrap");
        env.put("MEDSIGN_ROUTES_DIR", routes.toString());
        MllpPeer.Listener pathology = new MllpPeer.Listener(Charset.forName("GBK"), 2588);
        try (HubProcess hub = new HubProcess(home, env).start()) {
            Matcher blocks = BLOCK.matcher(guide);
            List<String> ran = new ArrayList<>();
            while (blocks.find()) {
                String body = blocks.group(3).replaceAll("(?m)^ {3}", "");
                if (blocks.group(1).startsWith("file")) {
                    Path file = work.resolve(blocks.group(2));
                    Files.writeString(file, body + "\n");
                    ran.add("file " + file.getFileName());
                } else {
                    String out = sh(body, Map.of("HUB", "http://localhost:" + hub.port(), "SYS_PW", "walkthrough-admin",
                            "SEC_PW", "walkthrough-admin"));
                    ran.add(out);
                }
            }
            assertThat(ran).hasSize(5);
            assertThat(ran.get(0)).contains("\"systemId\":\"pathology\"").contains("apiKey");
            assertThat(ran.get(1)).contains("\"mapped\":2");
            assertThat(ran.get(2)).contains("\"policy\":\"window\"");
            assertThat(ran.get(3)).isEqualTo("file pathology.yaml");
            assertThat(ran.get(4)).contains("pathology.yaml").contains("\"loaded\":true");

            // the pathologist D0003 opens a window for pathology, as in the app (step 4)
            org.medsign.hub.AppWindows.open(URI.create("http://localhost:" + hub.port()), "walkthrough-admin",
                    List.of("D0003"), List.of("pathology"));

            Matcher report = REPORT.matcher(guide);
            assertThat(report.find()).as("step 7 of the walkthrough").isTrue();
            String frame = printf(report.group(1));
            byte[] message = frame.substring(1, frame.length() - 2).getBytes(StandardCharsets.UTF_8);
            String ack = MllpPeer.send(2578, message, StandardCharsets.UTF_8);
            assertThat(MllpPeer.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            assertThat(MllpPeer.field(ack, "MSA", 2)).isEqualTo("BL20261127001");

            String result = Awaitility.await("signed ORU^R01 at the pathology listener").atMost(Duration.ofSeconds(60))
                    .until(() -> pathology.received().stream().filter(m -> m.contains("BL-2026-0077")).findFirst()
                            .orElse(null), Objects::nonNull);
            String received = new String(message, StandardCharsets.UTF_8);
            String content = String.join("\r", received.lines().flatMap(l -> java.util.Arrays.stream(l.split("\r")))
                    .filter(s -> s.startsWith("OBR|") || s.startsWith("OBX|")).toList());
            List<X509CertificateHolder> chain = Pem.parseCertificates(sh("curl -sf \"$HUB/api/v1/ca/chain\" -H "
                    + "\"X-Medsign-Api-Key: $(cat '" + home.resolve("secrets/demo-api-key") + "')\"",
                    Map.of("HUB", "http://localhost:" + hub.port())).getBytes(StandardCharsets.US_ASCII));
            assertThat(OpensslCmsCheck.verify(work.resolve("openssl"), MllpPeer.cmsOf(result),
                    content.getBytes(StandardCharsets.UTF_8), chain)).isEqualTo("D0003");
        }
    }

    /** Runs a shell snippet of the guide; fails with its output when it fails. */
    private String sh(String script, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "set -e\n" + script).directory(work.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(script + "\n" + out).isZero();
        return out;
    }

    /** What printf makes of the guide's format string: \\ \r \NNN (octal). */
    private static String printf(String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '\\' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char next = format.charAt(++i);
            if (next == 'r') {
                out.append('\r');
            } else if (next == '\\') {
                out.append('\\');
            } else if (Character.isDigit(next)) {
                int end = Math.min(format.length(), i + 3);
                out.append((char) Integer.parseInt(format.substring(i, end), 8));
                i = end - 1;
            } else {
                out.append('\\').append(next);
            }
        }
        return out.toString();
    }

}
