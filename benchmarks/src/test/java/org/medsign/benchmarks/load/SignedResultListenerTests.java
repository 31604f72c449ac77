package org.medsign.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The result listener over a real loopback socket, as the hub's outbound MLLP route talks to it. */
class SignedResultListenerTests {

    private SignedResultListener listener;
    private Socket hub;
    private InputStream in;

    @BeforeEach
    void start() throws IOException {
        listener = new SignedResultListener(0);
        hub = new Socket("127.0.0.1", listener.port());
        hub.setSoTimeout(10_000);
        in = new BufferedInputStream(hub.getInputStream());
    }

    @AfterEach
    void stop() throws IOException {
        hub.close();
        listener.close();
    }

    private static String result(String controlId, String documentId, String status) {
        String cms = Base64.getEncoder().encodeToString(new byte[300]);
        return "MSH|^~\\&|MEDSIGN|HOSP|HIS|HOSP|20261127||MDM^T04^MDM_T02|" + controlId + "|P|2.5.1\r"
                + "TXA|1|PN|TX|||||||||" + documentId + "^HIS|||||" + status + "\r"
                + "OBX|1|TX|REPORT||text||||||F\r"
                + "OBX|2|ED|MEDSIGN-CMS||MEDSIGN^Application^pkcs7-signature^Base64^" + cms + "||||||F\r";
    }

    private Hl7Ack deliver(String message) throws IOException {
        MllpFraming.write(hub.getOutputStream(), message.getBytes(StandardCharsets.UTF_8));
        return Hl7Ack.parse(new String(MllpFraming.read(in), StandardCharsets.UTF_8));
    }

    @Test
    void acknowledgesEachResultWithItsControlIdAndMatchesItByDocumentId() throws Exception {
        listener.expect("DOC-1", "M", System.nanoTime());
        listener.expect("DOC-2", "M", System.nanoTime());

        assertThat(deliver(result("R1", "DOC-1", "LA"))).isEqualTo(new Hl7Ack("AA", "R1", ""));
        assertThat(deliver(result("R2", "DOC-2", "LA"))).isEqualTo(new Hl7Ack("AA", "R2", ""));

        SignedResultListener.PhaseResults phase = listener.phase("M");
        assertThat(phase.await(2, Duration.ofSeconds(5))).isTrue();
        assertThat(phase.latencies().count()).isEqualTo(2);
        assertThat(listener.incomplete()).isZero();
        assertThat(listener.unmatched()).isZero();
    }

    @Test
    void countsResultsItDidNotSendRedeliveriesAndUnsignedOnesApart() throws Exception {
        listener.expect("DOC-1", "M", System.nanoTime());

        deliver(result("R1", "DOC-1", "LA"));
        deliver(result("R1", "DOC-1", "LA"));
        deliver(result("R1b", "DOC-1", "LA"));
        deliver(result("R9", "DOC-OLD-RUN", "LA"));
        deliver(result("R3", "DOC-3", "AU"));

        assertThat(listener.phase("M").count()).isEqualTo(1);
        assertThat(listener.resent()).isEqualTo(1);
        assertThat(listener.duplicates()).isEqualTo(1);
        assertThat(listener.unmatched()).isEqualTo(2);
        assertThat(listener.incomplete()).isEqualTo(1);
    }

    @Test
    void answersArToAFrameThatIsNotHl7AndKeepsTheConnection() throws Exception {
        assertThat(deliver("garbage").code()).isEqualTo("AR");
        assertThat(listener.unreadable()).isEqualTo(1);

        assertThat(deliver(result("R5", "DOC-5", "LA")).code()).isEqualTo("AA");
    }

    @Test
    void reportsMissingResultsWhenTheTimeoutPasses() throws Exception {
        listener.expect("DOC-1", "H", System.nanoTime());

        assertThat(listener.phase("H").await(1, Duration.ofMillis(50))).isFalse();
    }
}
