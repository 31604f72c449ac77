package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medsign.hub.HubProcess;

/**
 * Issue #11, finding 7: one small HL7 message pinned a core (HAPI's parse time grows with the square of the
 * separators in a field), idle connections held the port forever, and the read limit was 1 GiB. Against the shipped
 * HIS route: the pathological OBX-5 gets AR at once and the port keeps answering; a frame over the read limit is
 * reset and one just over {@code maxMessageBytes} gets AR. Against a hub whose HIS route sets a short idle timeout
 * and two connections per address: idle connections are reset, and an address over its share is refused while
 * another address still connects.
 */
class Hl7ParserExhaustionProcessIntegrationTests {

    static HubProcess tight;
    static int tightPort;

    @BeforeAll
    static void startTightHub() throws IOException {
        Path work = Files.createTempDirectory("medsign-exhaustion-");
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (ServerSocket socket = new ServerSocket(0)) {
            tightPort = socket.getLocalPort();
        }
        Files.writeString(routes.resolve("his.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hl7v2-mllp-inbound
                    routeId: his.inbound.mllp
                    parameters:
                      - {name: system, value: his}
                      - {name: port, value: "%d"}
                      - {name: allowedAddresses, value: "127.0.0.1, 127.0.0.3"}
                      - {name: maxConnectionsPerAddress, value: "2"}
                      - {name: idleTimeout, value: "4000"}
                      - {name: receiveTimeout, value: "500"}
                """.formatted(tightPort));
        tight = new HubProcess(work.resolve("home"), Map.of("MEDSIGN_ROUTES_DIR", routes.toString()));
        tight.start();
        Awaitility.await("HIS route listening").atMost(Duration.ofSeconds(60)).until(() ->
                MllpProbe.sendFrom("127.0.0.1", tightPort, mdm("WARMUP" + System.nanoTime(), "ok")).isPresent());
    }

    @AfterAll
    static void stopTightHub() throws InterruptedException {
        if (tight != null) {
            tight.close();
        }
    }

    static byte[] mdm(String controlId, String obx5) {
        return ("MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId + "|P|2.4\r"
                + "PID|1||P123456^^^HOSP^MR||ZHANG^SAN\r"
                + "TXA|1|DS|TX|20261127092500|D0002^Wang^Doctor||20261127092500|||||DOC-" + controlId
                + "||||||AU||||D0002^Wang^Doctor\r"
                + "OBX|1|TX|DISCHARGE^Discharge summary^L||" + obx5 + "||||||F\r").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void thePathologicalObx5GetsArAtOnceAndThePortStillAnswers() throws Exception {
        int his = ProbedHub.get().port(2575);
        String reproduction = new String(mdm("REPRO", "a&".repeat(16_000)), StandardCharsets.UTF_8);
        try (HapiContext hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"))) {
            hapi.setValidationContext(ValidationContextFactory.noValidation());
            long start = System.nanoTime();
            hapi.getPipeParser().parse(reproduction);
            System.out.printf("reproduction: HAPI 2.6 parses an OBX-5 of 16,000 '&' (%d bytes) in %d ms%n",
                    reproduction.length(), (System.nanoTime() - start) / 1_000_000);
        }

        String controlId = "EXHAUST" + System.nanoTime();
        byte[] attack = mdm(controlId, "a&".repeat(40_000));
        long start = System.nanoTime();
        String ack = MllpProbe.sendFrom("127.0.0.1", his, attack).orElseThrow();
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("the hub answers an OBX-5 of 40,000 '&' (%d bytes) in %d ms%n", attack.length, millis);
        assertThat(MllpProbe.field(ack, "MSA", 1)).as(ack).isEqualTo("AR");
        assertThat(MllpProbe.field(ack, "MSA", 2)).isEqualTo(controlId);
        assertThat(MllpProbe.field(ack, "ERR", 2)).isEqualTo("OBX^1^5");
        assertThat(MllpProbe.field(ack, "ERR", 8)).isEqualTo("HL7_LIMIT_SUBCOMPONENTS: a component has more than 100 "
                + "sub-components");

        String normal = MllpProbe.sendFrom("127.0.0.1", his, mdm("AFTER" + System.nanoTime(), "Discharged."))
                .orElseThrow();
        assertThat(MllpProbe.field(normal, "MSA", 1)).isEqualTo("AA");
    }

    @Test
    void aFrameOverTheReadLimitIsResetAndAMessageOverTheSizeLimitGetsAr() throws Exception {
        int his = ProbedHub.get().port(2575);
        String controlId = "BIG" + System.nanoTime();
        byte[] justOver = Arrays.copyOf(mdm(controlId, "x"), 4 * 1024 * 1024 + 1024);
        Arrays.fill(justOver, mdm(controlId, "x").length, justOver.length, (byte) 'x');
        String ack = MllpProbe.sendFrom("127.0.0.1", his, justOver).orElseThrow();
        assertThat(MllpProbe.field(ack, "MSA", 1)).isEqualTo("AR");
        assertThat(MllpProbe.field(ack, "ERR", 8)).isEqualTo("HL7_LIMIT_MESSAGE_BYTES: the message is larger than "
                + "4194304 bytes");

        byte[] oversize = Arrays.copyOf(justOver, 5 * 1024 * 1024);
        Arrays.fill(oversize, justOver.length, oversize.length, (byte) 'x');
        try (MllpProbe probe = MllpProbe.connect("127.0.0.1", his)) {
            try {
                probe.write(MllpProbe.frame(oversize));
            } catch (IOException resetWhileWriting) {
                // reset before the whole frame was written: refused all the same
            }
            assertThat(probe.dropped()).as("no answer: the connection is reset").isTrue();
        }
        String normal = MllpProbe.sendFrom("127.0.0.1", his, mdm("AFTERBIG" + System.nanoTime(), "ok"))
                .orElseThrow();
        assertThat(MllpProbe.field(normal, "MSA", 1)).isEqualTo("AA");
    }

    @Test
    void idleConnectionsAreReset() throws Exception {
        List<MllpProbe> idle = new ArrayList<>();
        try {
            idle.add(MllpProbe.connect("127.0.0.1", tightPort));
            idle.add(MllpProbe.connect("127.0.0.3", tightPort));
            long start = System.nanoTime();
            for (MllpProbe probe : idle) {
                assertThat(probe.dropped()).as("reset after idleTimeout (4 s)").isTrue();
            }
            System.out.printf("idle connections reset after %d ms (idleTimeout 4000 ms)%n",
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            for (MllpProbe probe : idle) {
                probe.close();
            }
        }
        Awaitility.await("the places of the reset connections are free").atMost(Duration.ofSeconds(10))
                .until(() -> MllpProbe.sendFrom("127.0.0.1", tightPort, mdm("IDLE" + System.nanoTime(), "ok"))
                        .map(ack -> ack.contains("MSA|AA|")).orElse(false));
    }

    @Test
    void anAddressOverItsShareOfConnectionsIsRefusedWhileAnotherConnects() throws Exception {
        List<MllpProbe> admitted = Awaitility.await("two connections of 127.0.0.1 admitted (earlier ones closed)")
                .atMost(Duration.ofSeconds(20)).until(Hl7ParserExhaustionProcessIntegrationTests::twoAnsweringConnections,
                        list -> list != null);
        try {
            Optional<String> third = MllpProbe.sendFrom("127.0.0.1", tightPort, mdm("THIRD" + System.nanoTime(),
                    "ok"));
            assertThat(third).as("a third connection from 127.0.0.1 gets no answer").isEmpty();

            String other = MllpProbe.sendFrom("127.0.0.3", tightPort, mdm("OTHER" + System.nanoTime(), "ok"))
                    .orElseThrow();
            assertThat(MllpProbe.field(other, "MSA", 1)).as("another address still connects").isEqualTo("AA");

            MllpProbe first = admitted.get(0);
            first.write(MllpProbe.frame(mdm("FIRST" + System.nanoTime(), "ok")));
            assertThat(MllpProbe.field(first.readFrame(), "MSA", 1)).as("the admitted ones still work")
                    .isEqualTo("AA");
        } finally {
            for (MllpProbe probe : admitted) {
                probe.close();
            }
        }
        assertThat(Files.readString(tight.log())).contains("MLLP connection from 127.0.0.1 to his refused: "
                + "too_many_connections");
    }

    /** Two open connections from 127.0.0.1 that each got an AA, or null (and nothing left open) when not yet. */
    private static List<MllpProbe> twoAnsweringConnections() throws IOException {
        List<MllpProbe> probes = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                MllpProbe probe = MllpProbe.connect("127.0.0.1", tightPort);
                probes.add(probe);
                probe.write(MllpProbe.frame(mdm("HOLD" + System.nanoTime(), "ok")));
                if (!probe.readFrame().contains("MSA|AA|")) {
                    throw new IOException("not accepted");
                }
            }
            return probes;
        } catch (IOException e) {
            for (MllpProbe probe : probes) {
                probe.close();
            }
            return null;
        }
    }
}
