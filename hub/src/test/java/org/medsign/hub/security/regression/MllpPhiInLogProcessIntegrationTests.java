package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #11, finding 6: camel-mllp wrote what it received (patient name, ID, diagnosis) into its warnings about bad
 * framing. Each case sends the shipped HIS route a message carrying a unique patient name and ID, in one of the ways
 * that made camel-mllp log it, waits until the hub has dealt with it (its answer, its reset, or its log line about
 * the framing), and scans the hub's log from that case on for the planted name and ID.
 */
class MllpPhiInLogProcessIntegrationTests {

    private static final String SUPPRESSED = "[payload suppressed]";

    static ProbedHub hub;
    static int his;
    static String name;
    static String patientId;

    @BeforeAll
    static void probe() {
        hub = ProbedHub.get();
        his = hub.port(2575);
        long unique = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
        name = "PHIMARKNAME" + unique;
        patientId = "PHIMARKID" + unique;
    }

    static String message(String controlId, String msh18) {
        return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId + "|P|2.4|||||CHN|"
                + msh18 + "\r"
                + "PID|1||" + patientId + "^^^HOSP^MR||" + name + "^Patient||19800101|M\r"
                + "TXA|1|DS|TX|20261127092500|D0002^Wang^Doctor||20261127092500|||||DOC-" + controlId
                + "||||||AU||||D0002^Wang^Doctor\r"
                + "OBX|1|TX|DIAG^Diagnosis^L||" + name + " has chronic gastritis.||||||F\r";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks the log written since a case began: neither the name nor the ID; where camel-mllp logs the bytes it
     * received ({@code framing}), the line is there with the payload replaced.
     */
    private static void scan(String what, LogWatch watch, boolean framing) {
        String written = watch.since();
        assertThat(written).as(what + ": the hub logged something about it").isNotBlank();
        assertThat(written).as(what + ": no patient name in the log").doesNotContain(name);
        assertThat(written).as(what + ": no patient ID in the log").doesNotContain(patientId);
        if (framing) {
            assertThat(written).as(what + ": camel-mllp's line, without the bytes").contains(SUPPRESSED);
        }
    }

    /** The hub's log from the moment it was created. */
    private record LogWatch(int offset) {
        static LogWatch start() {
            return new LogWatch(hub.log().length());
        }

        String since() {
            String log = hub.log();
            return log.length() > offset ? log.substring(offset) : "";
        }

        void awaitLine(String text) {
            Awaitility.await("hub log: " + text).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> since().contains(text));
        }
    }

    @Test
    void bytesBeforeStartOfBlock() throws IOException {
        LogWatch watch = LogWatch.start();
        try (MllpProbe probe = MllpProbe.connect("127.0.0.1", his)) {
            probe.write(bytes("PID|1||" + patientId + "^^^HOSP^MR||" + name + "\r"));
            watch.awaitLine("received before START_OF_BLOCK: ");
            probe.write(MllpProbe.frame(bytes(message("PHI1" + System.nanoTime(), "UNICODE UTF-8"))));
            assertThat(MllpProbe.field(probe.readFrame(), "MSA", 1)).as("the connection still works").isEqualTo("AA");
        }
        scan("bytes before START_OF_BLOCK", watch, true);
    }

    @Test
    void aPartialFrameThenTimeout() throws IOException {
        LogWatch watch = LogWatch.start();
        try (MllpProbe probe = MllpProbe.connect("127.0.0.1", his)) {
            byte[] frame = MllpProbe.frame(bytes(message("PHI2" + System.nanoTime(), "UNICODE UTF-8")));
            probe.write(Arrays.copyOf(frame, frame.length - 40));
            assertThat(probe.dropped()).as("the hub gives up on the frame (readTimeout) and resets").isTrue();
        }
        watch.awaitLine("Timeout receiving complete");
        scan("partial frame then timeout", watch, true);
    }

    @Test
    void anUnenvelopedPayload() throws IOException {
        LogWatch watch = LogWatch.start();
        try (MllpProbe probe = MllpProbe.connect("127.0.0.1", his)) {
            probe.write(bytes(message("PHI3" + System.nanoTime(), "UNICODE UTF-8") + "\u001c\r"));
            watch.awaitLine("received before START_OF_BLOCK: ");
        }
        scan("un-enveloped payload", watch, true);
    }

    @Test
    void trailingOutOfBandBytes() throws IOException {
        LogWatch watch = LogWatch.start();
        try (MllpProbe probe = MllpProbe.connect("127.0.0.1", his)) {
            probe.write(MllpProbe.frame(bytes(message("PHI4" + System.nanoTime(), "UNICODE UTF-8"))));
            assertThat(MllpProbe.field(probe.readFrame(), "MSA", 1)).isEqualTo("AA");
            byte[] frame = MllpProbe.frame(bytes(message("PHI5" + System.nanoTime(), "UNICODE UTF-8")));
            byte[] trailing = bytes("PID|1||" + patientId + "||" + name + "\r");
            byte[] both = Arrays.copyOf(frame, frame.length + trailing.length);
            System.arraycopy(trailing, 0, both, frame.length, trailing.length);
            probe.write(both);
            probe.readFrame();
        }
        watch.awaitLine("Ignoring trailing out-of-band data: ");
        scan("trailing out-of-band bytes", watch, true);
    }

    @Test
    void anOversizeFrame() throws IOException {
        LogWatch watch = LogWatch.start();
        String header = message("PHI6" + System.nanoTime(), "UNICODE UTF-8");
        byte[] payload = Arrays.copyOf(bytes(header), 4 * 1024 * 1024 + 200 * 1024);
        Arrays.fill(payload, header.length(), payload.length, (byte) 'x');
        try (MllpProbe probe = MllpProbe.connect("127.0.0.1", his)) {
            try {
                probe.write(MllpProbe.frame(payload));
            } catch (IOException resetWhileWriting) {
                // the hub may reset before the whole frame is written
            }
            assertThat(probe.dropped()).as("a frame over the read limit is reset, not answered").isTrue();
        }
        watch.awaitLine("frame larger than the read limit");
        scan("oversize frame", watch, false);
    }

    @Test
    void unparsableHl7() throws IOException {
        LogWatch watch = LogWatch.start();
        String broken = "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|2026||MDM^T02|PHI7" + System.nanoTime() + "|P|2.4\r"
                + name + "\u0001|" + patientId + "|" + name + "\r";
        try (MllpProbe probe = MllpProbe.connect("127.0.0.1", his)) {
            probe.write(MllpProbe.frame(bytes(broken)));
            String ack = probe.readFrame();
            assertThat(MllpProbe.field(ack, "MSA", 1)).isEqualTo("AR");
            assertThat(ack).doesNotContain(name).doesNotContain(patientId);
        }
        watch.awaitLine("rejected: AR");
        scan("unparsable HL7", watch, false);
    }

    @Test
    void anUnknownCharset() throws IOException {
        LogWatch watch = LogWatch.start();
        try (MllpProbe probe = MllpProbe.connect("127.0.0.1", his)) {
            probe.write(MllpProbe.frame(bytes(message("PHI8" + System.nanoTime(), "KOI8-" + name))));
            String ack = probe.readFrame();
            assertThat(MllpProbe.field(ack, "MSA", 1)).isEqualTo("AR");
            assertThat(MllpProbe.field(ack, "ERR", 2)).isEqualTo("MSH^1^18");
        }
        watch.awaitLine("rejected: AR");
        scan("unknown charset", watch, false);
    }
}
