package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.SigningOptions;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.crypto.verify.CmsSignatureVerifier;
import org.medsign.crypto.verify.VerificationReport;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.pki.HubPki;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.medsign.hub.signing.RequestCompanion;
import org.medsign.hub.signing.SigningIntake;
import org.medsign.hub.signing.SigningQueue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * HIS over a real MLLP socket, configured by a route file only: MDM^T02 (GBK) in, AA after durable intake, exactly
 * one signature per control id, AE/AR with ERR for bad input; a peer outside the route's allowlist is reset, counted
 * and audited; a malformed route file is refused with its name and line while the HIS route keeps running.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HisMllpIntegrationTests extends HubTestSupport {

    private static final Charset GBK = Charset.forName("GBK");
    static Path home;
    static int mllpPort;
    static int lisPort;
    static MllpPeer.Listener his;
    static MllpPeer.Listener lis;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SigningIntake intake;

    @Autowired
    Replies replies;

    @Autowired
    ReplyContextRepository contexts;

    @Autowired
    HubPki pki;

    @Autowired
    RouteFiles routeFiles;

    @Autowired
    SignatureRecordRepository signatures;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Autowired
    ReplyConsumers replyConsumers;

    @Autowired
    org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ broker;

    @Autowired
    org.springframework.jms.core.JmsTemplate jms;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        try (ServerSocket socket = new ServerSocket(0)) {
            mllpPort = socket.getLocalPort();
        }
        his = new MllpPeer.Listener(GBK);
        lis = new MllpPeer.Listener(GBK);
        try (ServerSocket socket = new ServerSocket(0)) {
            lisPort = socket.getLocalPort();
        }
        Files.writeString(routes.resolve("lis.yaml"), Files.readString(Path.of("../routes/lis.yaml"))
                .replace("value: \"2576\"", "value: \"" + lisPort + "\"")
                .replace("value: \"2586\"", "value: \"" + lis.port() + "\""));
        Files.writeString(routes.resolve("his.yaml"), Files.readString(Path.of("../routes/his.yaml"))
                .replace("value: \"2575\"", "value: \"" + mllpPort + "\"")
                .replace("value: \"2585\"", "value: \"" + his.port() + "\""));
        Files.writeString(routes.resolve("broken.yaml"), """
                - templatedRoute:
                    routeTemplateRef: hl7v2-mllp-inbound
                    parameters: [ this is: not: valid
                """);
        registry.add("medsign.routes.dir", routes::toString);
        registry.add("medsign.signing.max-content-bytes", () -> "65536");
        // one reply consumer: the answers waiting when it starts are taken as one batch (with four, the broker spreads
        // them over the consumers as they attach)
        registry.add("medsign.replies.consumers", () -> "1");
    }

    @Override
    protected Path home() {
        return home;
    }

    static String mdm(String controlId, String signer, String text) {
        return "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId + "|P|2.4|||||CHN|GBK\r"
                + "EVN|T02|20261127093000\r"
                + "PID|1||P123456^^^HOSP^MR||张^三||19800101|M\r"
                + "TXA|1|DS|TX|20261127092500|" + signer + "^王^医生||20261127092500|||||DOC-" + controlId
                + "||||||AU||||" + signer + "^王^医生\r"
                + "OBX|1|TX|DISCHARGE^出院小结^L||" + text + "||||||F\r";
    }

    /** Sends one MLLP frame to the HIS route and reads the acknowledgment frame. */
    static String send(byte[] payload, Charset charset) throws IOException {
        return MllpPeer.send(mllpPort, payload, charset);
    }

    static String send(int port, byte[] payload, Charset charset) throws IOException {
        return MllpPeer.send(port, payload, charset);
    }

    private static String field(String message, String segment, int index) {
        return MllpPeer.field(message, segment, index);
    }

    @Test
    void gbkDocumentIsAcknowledgedAfterDurableIntakeAndSignedOnce() throws Exception {
        String controlId = "HIS" + System.nanoTime();
        byte[] message = mdm(controlId, "D0003", "患者恢复良好，准予出院。").getBytes(GBK);

        String ack = send(message, GBK);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(field(ack, "MSA", 2)).isEqualTo(controlId);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_request WHERE system_id = 'his' AND request_id = ?")
                .param(controlId).query(Integer.class).single()).as("durable before AA").isEqualTo(1);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM signature_record WHERE system_id = 'his' AND request_id = ?").param(controlId)
                .query(Integer.class).single() == 1);
        // stored sealed (the CMS carries the document): opened through the signing module
        String signatureId = jdbc.sql("SELECT signature_id FROM signature_record WHERE request_id = ?").param(controlId)
                .query(String.class).single();
        byte[] cms = signatures.artifact(signatureId).orElseThrow().signature();
        VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build()
                .verify(cms, "患者恢复良好，准予出院。".getBytes(StandardCharsets.UTF_8));
        assertThat(report.valid()).as(report.toText()).isTrue();
        assertThat(report.signer().subject()).contains("SERIALNUMBER=D0003");

        assertThat(field(send(message, GBK), "MSA", 1)).isEqualTo("AA");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_id = ?").param(controlId)
                .query(Integer.class).single()).isEqualTo(1);

        String result = Awaitility.await("MDM^T04 at the HIS listener").atMost(Duration.ofSeconds(30))
                .until(() -> his.received().stream().filter(m -> m.contains("DOC-" + controlId)).findFirst().orElse(null),
                        java.util.Objects::nonNull);
        assertThat(field(result, "MSH", 8)).startsWith("MDM^T04");
        assertThat(field(result, "TXA", 17)).isEqualTo("LA");
        assertThat(field(result, "TXA", 22)).startsWith("D0003^");
        String ed = java.util.Arrays.stream(result.split("\r")).filter(segment -> segment.contains("|ED|"))
                .findFirst().orElseThrow();
        byte[] sentCms = java.util.Base64.getDecoder().decode(ed.split("\\|")[5].split("\\^")[4]);
        assertThat(sentCms).isEqualTo(cms);
        assertThat(result).contains("患者恢复良好");
    }

    @Test
    void theReplyContextCommitsWithItsRequestAndTheSweepLeavesAFreshOneAlone() {
        String requestId = "COMPANION" + System.nanoTime();
        SigningRequest request = new SigningRequest("his", requestId, Operation.CMS, "D0003", null, "DOC-" + requestId,
                null, "text".getBytes(StandardCharsets.UTF_8), SigningOptions.DEFAULT);
        String count = "SELECT COUNT(*) FROM signing_request WHERE system_id = 'his' AND request_id = ?";

        // what is written beside the request fails: the request is not stored either, and the caller learns it
        assertThatThrownBy(() -> intake.submit(request, new RequestCompanion() {
            @Override
            public void inserted(long requestPk) {
                throw new IllegalStateException("the reply context could not be stored");
            }

            @Override
            public void existing(long requestPk) {
                throw new AssertionError("not stored before");
            }
        })).hasMessage("the reply context could not be stored");
        assertThat(jdbc.sql(count).param(requestId).query(Integer.class).single()).isZero();

        List<Long> inserted = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> existing = new java.util.concurrent.CopyOnWriteArrayList<>();
        RequestCompanion recording = new RequestCompanion() {
            @Override
            public void inserted(long requestPk) {
                inserted.add(requestPk);
            }

            @Override
            public void existing(long requestPk) {
                existing.add(requestPk);
            }
        };
        long pk = intake.submit(request, recording).requestPk();
        assertThat(inserted).containsExactly(pk);
        intake.submit(request, recording);
        assertThat(inserted).as("sent again: not inserted twice").containsExactly(pk);
        assertThat(existing).containsExactly(pk);

        // a reply context the sweep has never marked is due again only once it is older than the sweep's period
        Awaitility.await("the companion's request signed").atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT status FROM signing_request WHERE id = ?").param(pk).query(String.class).single()
                .matches("DONE|FAILED|DEAD_LETTER"));
        replies.remember(pk, new ReplyContext("direct:his.outbound.result", "D0003", mdm(requestId, "D0003", "x")));
        Awaitility.await("the answer sent").atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT answered_status FROM reply_context WHERE request_pk = ?").param(pk).query(String.class)
                .optional().isPresent());
        jdbc.sql("UPDATE reply_context SET queued_at = NULL, answered_status = NULL WHERE request_pk = ?").param(pk)
                .update();
        assertThat(contexts.possiblyUnanswered(java.time.Instant.now().minus(Duration.ofMinutes(15))))
                .extracting(ReplyContextRepository.Unanswered::requestPk).doesNotContain(pk);
        assertThat(contexts.possiblyUnanswered(java.time.Instant.now().plusSeconds(1)))
                .extracting(ReplyContextRepository.Unanswered::requestPk).contains(pk);
    }

    @Test
    void lisReportIsSignedOverItsObrAndObxSegmentsAndReturnedAsOruWithTheCms() throws Exception {
        String controlId = "LIS" + System.nanoTime();
        String obr = obr(controlId);
        String obx1 = "OBX|1|NM|WBC^白细胞^L||6.2|10*9/L|3.5-9.5||||F";
        String obx2 = "OBX|2|ST|NOTE^备注^L||无异常||||||F";
        String oru = oruHeader(controlId) + obr + "\r" + obx1 + "\r" + obx2 + "\r";

        String ack = send(lisPort, oru.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        String result = Awaitility.await("ORU^R01 at the LIS listener").atMost(Duration.ofSeconds(30))
                .until(() -> lis.received().stream().filter(m -> m.contains(controlId)).findFirst().orElse(null),
                        java.util.Objects::nonNull);
        assertThat(field(result, "MSH", 8)).startsWith("ORU^R01");
        String ed = java.util.Arrays.stream(result.split("\r")).filter(segment -> segment.startsWith("OBX|3|ED|"))
                .findFirst().orElseThrow();
        byte[] cms = java.util.Base64.getDecoder().decode(ed.split("\\|")[5].split("\\^")[4]);
        byte[] signedContent = String.join("\r", obr, obx1, obx2).getBytes(StandardCharsets.UTF_8);
        VerificationReport report = CmsSignatureVerifier.builder().trustAnchors(List.of(pki.root())).build()
                .verify(cms, signedContent);
        assertThat(report.valid()).as(report.toText()).isTrue();
        assertThat(report.signer().subject()).contains("SERIALNUMBER=D0004");
    }

    @Test
    void answersWaitingTogetherAreSentInOneBatchAndASystemThatSaysNoDelaysOnlyItsOwn() throws Exception {
        String run = Long.toString(System.nanoTime());
        List<String> hisIds = List.of("HB1" + run, "HB2" + run, "HB3" + run);
        List<String> lisIds = List.of("LB1" + run, "LB2" + run, "LB3" + run);
        replyConsumers.stop();
        lis.answerWith("AE");
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(field(send(mdm(hisIds.get(i), "D0003", "批量回执" + i).getBytes(GBK), GBK), "MSA", 1))
                        .isEqualTo("AA");
                assertThat(field(send(lisPort, oru(lisIds.get(i)).getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8), "MSA", 1)).isEqualTo("AA");
            }
            List<String> all = new java.util.ArrayList<>(hisIds);
            all.addAll(lisIds);
            Awaitility.await("all six signed while no answer is sent").atMost(Duration.ofSeconds(30)).until(() -> all
                    .stream().allMatch(id -> jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_id = ?")
                            .param(id).query(Integer.class).single() == 1));
            Awaitility.await("six answers queued").atMost(Duration.ofSeconds(30)).until(() -> broker.getActiveMQServer()
                    .locateQueue(SigningQueue.REPLIES).getMessageCount() >= 6);
        } finally {
            replyConsumers.start();
        }
        // one transaction took the six: HIS's three sent and recorded; LIS said AE to its first, and LIS's others
        // waited behind it (not sent out of order)
        Awaitility.await("HIS answered").atMost(Duration.ofSeconds(30))
                .until(() -> hisIds.stream().allMatch(id -> accepted(his, id) == 1));
        Awaitility.await("LIS refused its first answer").atMost(Duration.ofSeconds(30))
                .until(() -> lisIds.stream().anyMatch(id -> lis.received().stream().anyMatch(m -> m.contains(id))));
        assertThat(lisIds.stream().filter(id -> lis.received().stream().anyMatch(m -> m.contains(id))))
                .as("LIS's later answers are not tried after its first was refused").hasSize(1);
        assertThat(meters.find("medsign.replies.batch").summary().max()).as("answers per transaction")
                .isGreaterThanOrEqualTo(6);
        lis.answerWith("AA");
        // the broker redelivers the batch: LIS's answers are sent, HIS's are found answered and not sent again
        Awaitility.await("LIS answered after the broker's retry").atMost(Duration.ofSeconds(60))
                .until(() -> lisIds.stream().allMatch(id -> accepted(lis, id) == 1));
        assertThat(hisIds).allSatisfy(id -> assertThat(accepted(his, id)).as(id).isEqualTo(1));
        // recorded in the batch's commit, after the last send
        Awaitility.await("six answers recorded").atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "SELECT COUNT(*) FROM reply_context c JOIN signing_request r ON r.id = c.request_pk "
                        + "WHERE r.request_id IN (:ids) AND c.answered_status = 'DONE'")
                .param("ids", java.util.stream.Stream.concat(hisIds.stream(), lisIds.stream()).toList())
                .query(Integer.class).single() == 6);
    }

    @Test
    void aMessageOnTheReplyQueueThatIsNoRequestIdIsDeadLetteredAndTheAnswersAfterItStillGoOut() throws Exception {
        long deadBefore = broker.getActiveMQServer().locateQueue(SigningQueue.REPLIES_DEAD_LETTERS).getMessageCount();
        jms.convertAndSend(SigningQueue.REPLIES, "not-a-request-id");
        String controlId = "HBAD" + System.nanoTime();
        assertThat(field(send(mdm(controlId, "D0003", "坏消息之后").getBytes(GBK), GBK), "MSA", 1)).isEqualTo("AA");
        Awaitility.await("the answer after it").atMost(Duration.ofSeconds(60))
                .until(() -> accepted(his, controlId) == 1);
        // retried after 1 s, 2 s, 4 s, 8 s, then parked for the operators
        Awaitility.await("dead-lettered").atMost(Duration.ofSeconds(60)).until(() -> broker.getActiveMQServer()
                .locateQueue(SigningQueue.REPLIES_DEAD_LETTERS).getMessageCount() == deadBefore + 1);
        assertThat(accepted(his, controlId)).as("answered once, though its batch was delivered again").isEqualTo(1);
    }

    private static long accepted(MllpPeer.Listener listener, String controlId) {
        return listener.accepted().stream().filter(m -> m.contains(controlId)).count();
    }

    /** A LIS ORU^R01 with one OBX, signed by D0004 (OBR-32). */
    static String oru(String controlId) {
        return oruHeader(controlId) + obr(controlId) + "\rOBX|1|NM|WBC^白细胞^L||6.2|10*9/L|3.5-9.5||||F\r";
    }

    /** The MSH and PID of a LIS ORU^R01 (UTF-8). */
    static String oruHeader(String controlId) {
        return "MSH|^~\\&|LIS|HOSP|MEDSIGN|HOSP|20261127090000||ORU^R01^ORU_R01|" + controlId
                + "|P|2.5.1|||||CHN|UNICODE UTF-8\rPID|1||P7788^^^HOSP^MR||李^四\r";
    }

    /** A final blood-count OBR whose principal result interpreter (OBR-32) is D0004. */
    static String obr(String controlId) {
        String[] fields = new String[33];
        java.util.Arrays.fill(fields, "");
        fields[0] = "OBR";
        fields[1] = "1";
        fields[2] = "ORD-" + controlId;
        fields[3] = "LAB-" + controlId;
        fields[4] = "BLOOD^血常规^L";
        fields[7] = "20261127080000";
        fields[25] = "F";
        fields[32] = "D0004&李&检验师";
        return String.join("|", fields);
    }

    @Test
    void badInputGetsTheRightAckAndErr() throws Exception {
        String unknown = send(mdm("HISX" + System.nanoTime(), "NOBODY", "x").getBytes(GBK), GBK);
        assertThat(field(unknown, "MSA", 1)).isEqualTo("AE");
        assertThat(field(unknown, "ERR", 3)).startsWith("204^");
        assertThat(field(unknown, "ERR", 8)).contains("SIGNER_UNKNOWN");

        String garbage = send("this is not HL7".getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
        assertThat(field(garbage, "MSA", 1)).isEqualTo("AR");

        String wrongType = send(mdm("HISY" + System.nanoTime(), "D0001", "x").replace("MDM^T02^MDM_T02", "ADT^A01")
                .getBytes(GBK), GBK);
        assertThat(field(wrongType, "MSA", 1)).isEqualTo("AR");
        assertThat(field(wrongType, "ERR", 3)).startsWith("200^");

        String wrongCharset = send(mdm("HISZ" + System.nanoTime(), "D0001", "中文").replace("|CHN|GBK", "|CHN|UNICODE UTF-8")
                .getBytes(GBK), StandardCharsets.ISO_8859_1);
        assertThat(field(wrongCharset, "MSA", 1)).isEqualTo("AE");
        assertThat(field(wrongCharset, "ERR", 2)).isEqualTo("MSH^1^18");

        String tooLarge = send(mdm("HISL" + System.nanoTime(), "D0001", "长".repeat(40_000)).getBytes(GBK), GBK);
        assertThat(field(tooLarge, "MSA", 1)).isEqualTo("AR");
        assertThat(field(tooLarge, "ERR", 8)).contains("CONTENT_TOO_LARGE");

        for (String ack : List.of(unknown, wrongType, wrongCharset, tooLarge)) {
            String controlId = field(ack, "MSA", 2);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_rejection WHERE system_id = 'his' AND reference = ?")
                    .param(controlId).query(Integer.class).single()).as("rejection record of " + controlId).isEqualTo(1);
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM inbound_rejection WHERE system_id = 'his' AND reference IS NULL")
                .query(Integer.class).single()).as("the message without a header").isGreaterThanOrEqualTo(1);

        try (Socket socket = new Socket("127.0.0.1", mllpPort)) {
            socket.getOutputStream().write("no start block\r".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[] {0x1c, 0x0d});
        }
        String after = send(mdm("HISW" + System.nanoTime(), "D0002", "ok").getBytes(GBK), GBK);
        assertThat(field(after, "MSA", 1)).as("the route survives broken framing").isEqualTo("AA");
    }

    @Test
    void aSignerWithoutAuthorizationIsAcceptedAndWaitsAsAPendingTask() throws Exception {
        jdbc.sql("UPDATE signing_authorization SET revoked = TRUE WHERE staff_id = 'D0010' AND system_id = 'his'")
                .update();
        String controlId = "HISP" + System.nanoTime();
        String ack = send(mdm(controlId, "D0010", "待授权的病历。").getBytes(GBK), GBK);
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT status FROM signing_request WHERE system_id = 'his' AND request_id = ?").param(controlId)
                .query(String.class).single(), "PENDING"::equals);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_id = ?").param(controlId)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void aPeerOutsideTheAllowlistIsResetCountedAndAuditedOncePerMinute() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Socket socket = new Socket()) {
                socket.bind(new java.net.InetSocketAddress("127.0.0.9", 0));
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", mllpPort), 5_000);
                socket.setSoTimeout(5_000);
                socket.getOutputStream().write(0x0b);
                assertThat(socket.getInputStream().read()).as("no answer").isEqualTo(-1);
            } catch (IOException resetByTheHub) {
                // refused: reset before or after connect completed
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("medsign.mllp.connections.refused")
                .tag("system", "his").tag("reason", "not_allowed").counter() != null
                && meters.find("medsign.mllp.connections.refused").tag("system", "his").tag("reason", "not_allowed")
                .counter().count() == 3);
        assertThat(jdbc.sql("SELECT detail FROM audit_event WHERE action = 'MLLP_PEER_REFUSED' AND target = 'his'")
                .query(String.class).list()).as("audited once a minute per address, no payload").containsExactly(
                "127.0.0.9");
    }

    @Test
    void malformedRouteFileIsRefusedWithFileAndLineWhileOthersRun() {
        RouteFiles.FileStatus broken = routeFiles.status().stream().filter(s -> s.file().equals("broken.yaml"))
                .findFirst().orElseThrow();
        assertThat(broken.loaded()).isFalse();
        assertThat(broken.problem()).containsIgnoringCase("line");
        RouteFiles.FileStatus his = routeFiles.status().stream().filter(s -> s.file().equals("his.yaml"))
                .findFirst().orElseThrow();
        assertThat(his.loaded()).isTrue();
        assertThat(his.routeIds()).containsExactlyInAnyOrder("his.inbound.mllp", "his.outbound.mllp");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'ROUTE_FILE_REFUSED' AND target = 'broken.yaml'")
                .query(Integer.class).single()).isEqualTo(1);
    }
}
