package org.medsign.hub.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.signing.SigningTasks;
import org.medsign.hub.signing.SigningWorker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Pending tasks (待签任务, issue #13): an HIS MDM^T02 for a signer who has not permitted the HIS becomes the signer's
 * task, and nothing is signed until the signer decides. Confirmed → the fake HIS listener receives the signed MDM^T04;
 * rejected or expired (a 15 s expiry here) → exactly one failure notice with TASK_REJECTED / TASK_EXPIRED. Batches are
 * all or nothing; another signer's task id is unknown; a decided task cannot be decided again. Run on H2 and on
 * PostgreSQL by the subclasses, which set the 15 s expiry and a one-second expiry scan.
 */
abstract class AbstractPendingTasksIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Charset GBK = Charset.forName("GBK");
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final Duration ANSWER = Duration.ofSeconds(60);

    static Path home;
    static int hisPort;
    static MllpPeer.Listener his;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SigningTasks tasks;

    @Autowired
    SigningWorker worker;

    @Autowired
    CamelContext camel;

    /** A fresh home and the HIS route file wired to the fake HIS listener (called by the subclasses). */
    static void hubWithHisRoute(DynamicPropertyRegistry registry) throws IOException {
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

    // ---------------------------------------------------------------- confirm

    @Test
    void aConfirmedTaskIsSignedAndTheHisReceivesTheSignedMdmT04() throws Exception {
        withhold("D0001", "his");
        String controlId = "TKC" + System.nanoTime();
        long taskId = sendAndAwaitTask(controlId, "D0001");

        SigningTasks.Task task = tasks.find("D0001", taskId).orElseThrow();
        assertThat(task.systemId()).isEqualTo("his");
        assertThat(task.requestId()).isEqualTo(controlId);
        assertThat(task.title()).contains(controlId).doesNotContain("准予出院");
        assertThat(task.expiresAt()).isAfter(task.createdAt());
        assertThat(tasks.pendingOf("D0001")).extracting(SigningTasks.Task::id).contains(taskId);
        assertThat(signatures(controlId)).as("nothing signed before the confirmation").isZero();
        assertThat(his.received().stream().filter(m -> m.contains(controlId))).isEmpty();

        assertThat(tasks.confirm("D0001", List.of(taskId))).containsExactly(taskId);

        String signed = exactlyOne(controlId);
        assertThat(MllpPeer.field(signed, "MSH", 8)).startsWith("MDM^T04");
        assertThat(MllpPeer.field(signed, "TXA", 17)).isEqualTo("LA");
        assertThat(signed).contains("pkcs7-signature");
        assertThat(status(controlId)).isEqualTo("DONE");
        assertThat(signatures(controlId)).isEqualTo(1);
        assertThat(tasks.pendingOf("D0001")).extracting(SigningTasks.Task::id).doesNotContain(taskId);
        assertThat(tasks.find("D0001", taskId).orElseThrow().status()).isEqualTo("CONFIRMED");
        assertThat(audits("TASK_CREATED", controlId)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT actor FROM audit_event WHERE action = 'TASK_CONFIRMED' AND target = ?")
                .param("his/" + controlId).query(String.class).list()).containsExactly("staff:D0001");
    }

    @Test
    void aRedeliveredRequestDoesNotCreateASecondTask() throws Exception {
        withhold("D0001", "his");
        String controlId = "TKD" + System.nanoTime();
        long taskId = sendAndAwaitTask(controlId, "D0001");

        worker.process(pk(controlId));
        worker.process(pk(controlId));

        assertThat(jdbc.sql("SELECT COUNT(*) FROM signing_task WHERE request_id = ?").param(controlId)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(tasks.find("D0001", taskId).orElseThrow().status()).isEqualTo("PENDING");
        assertThat(audits("TASK_CREATED", controlId)).isEqualTo(1);
        assertThat(status(controlId)).isEqualTo("PENDING");
        tasks.reject("D0001", taskId, "test clean-up");
    }

    @Test
    void aBatchOfTasksIsConfirmedAtOnceAndEveryDocumentIsSigned() throws Exception {
        withhold("D0004", "his");
        String prefix = "TB" + System.nanoTime() + "x";
        List<String> controlIds = List.of(prefix + 1, prefix + 2, prefix + 3);
        List<Long> taskIds = new java.util.ArrayList<>();
        for (String controlId : controlIds) {
            taskIds.add(sendAndAwaitTask(controlId, "D0004"));
        }
        assertThat(tasks.pendingOf("D0004")).extracting(SigningTasks.Task::id).containsAll(taskIds);

        assertThat(tasks.confirm("D0004", List.of(taskIds.get(2), taskIds.get(0), taskIds.get(1), taskIds.get(0))))
                .as("in the order given, once each").containsExactly(taskIds.get(2), taskIds.get(0), taskIds.get(1));

        List<String> signed = exactlyOneEach(controlIds);
        for (int i = 0; i < controlIds.size(); i++) {
            assertThat(MllpPeer.field(signed.get(i), "TXA", 17)).isEqualTo("LA");
            assertThat(signatures(controlIds.get(i))).isEqualTo(1);
        }
        assertThat(tasks.pendingOf("D0004")).isEmpty();
    }

    @Test
    void aConfirmationReplayedIsRefusedAsNotPendingAndSignsNothingMore() throws Exception {
        withhold("D0008", "his");
        String controlId = "TKR" + System.nanoTime();
        long taskId = sendAndAwaitTask(controlId, "D0008");
        tasks.confirm("D0008", List.of(taskId));
        awaitAnswer(controlId);

        assertCode(() -> tasks.confirm("D0008", List.of(taskId)), ErrorCode.TASK_NOT_PENDING);
        assertCode(() -> tasks.reject("D0008", taskId, "too late"), ErrorCode.TASK_NOT_PENDING);
        Awaitility.await("nothing more").during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> at(controlId).size() == 1 && signatures(controlId) == 1);
        assertThat(status(controlId)).isEqualTo("DONE");
    }

    // ---------------------------------------------------------------- another signer, bad ids

    @Test
    void anotherSignersTaskIsUnknownAndABatchWithItChangesNothing() throws Exception {
        withhold("D0006", "his");
        withhold("D0007", "his");
        String theirs = "TKO" + System.nanoTime();
        String mine = "TKM" + System.nanoTime();
        long theirTask = sendAndAwaitTask(theirs, "D0006");
        long myTask = sendAndAwaitTask(mine, "D0007");

        assertThat(tasks.find("D0007", theirTask)).isEmpty();
        assertThat(tasks.pendingOf("D0007")).extracting(SigningTasks.Task::id).doesNotContain(theirTask);
        assertCode(() -> tasks.confirm("D0007", List.of(theirTask)), ErrorCode.TASK_UNKNOWN);
        assertCode(() -> tasks.confirm("D0007", List.of(myTask, theirTask)), ErrorCode.TASK_UNKNOWN);
        assertCode(() -> tasks.confirm("D0007", List.of(myTask, Long.MAX_VALUE)), ErrorCode.TASK_UNKNOWN);
        assertCode(() -> tasks.reject("D0007", theirTask, "not mine"), ErrorCode.TASK_UNKNOWN);

        assertThat(tasks.find("D0007", myTask).orElseThrow().status()).as("all or nothing").isEqualTo("PENDING");
        assertThat(tasks.find("D0006", theirTask).orElseThrow().status()).isEqualTo("PENDING");
        Awaitility.await("nothing signed").during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> signatures(theirs) + signatures(mine) == 0 && at(theirs).isEmpty() && at(mine).isEmpty());
        assertThat(status(theirs)).isEqualTo("PENDING");

        // the rightful signer still can
        tasks.confirm("D0006", List.of(theirTask));
        assertThat(MllpPeer.field(exactlyOne(theirs), "TXA", 17)).isEqualTo("LA");
    }

    // ---------------------------------------------------------------- reject, expire

    @Test
    void aRejectedTaskGivesTheHisExactlyOneFailureNoticeWithTaskRejected() throws Exception {
        withhold("D0002", "his");
        String controlId = "TKJ" + System.nanoTime();
        long taskId = sendAndAwaitTask(controlId, "D0002");

        tasks.reject("D0002", taskId, "  诊断有误，请修改后重新提交  ");

        String notice = exactlyOne(controlId);
        assertThat(MllpPeer.field(notice, "MSH", 8)).startsWith("MDM^T04");
        assertThat(MllpPeer.field(notice, "TXA", 17)).isNotEqualTo("LA");
        assertThat(MllpPeer.field(notice, "NTE", 3)).startsWith("TASK_REJECTED: ");
        assertThat(MllpPeer.field(notice, "NTE", 4)).isEqualTo("TASK_REJECTED^FINAL_REFUSAL^MEDSIGN");
        assertThat(notice).doesNotContain("pkcs7-signature");
        assertThat(status(controlId)).isEqualTo("REJECTED");
        assertThat(signatures(controlId)).isZero();
        assertThat(tasks.find("D0002", taskId).orElseThrow().status()).isEqualTo("REJECTED");
        assertThat(jdbc.sql("SELECT reason FROM signing_task WHERE id = ?").param(taskId).query(String.class).single())
                .isEqualTo("诊断有误，请修改后重新提交");
        assertThat(jdbc.sql("SELECT error_code FROM signing_request WHERE system_id = 'his' AND request_id = ?")
                .param(controlId).query(String.class).single()).isEqualTo("TASK_REJECTED");
        assertThat(jdbc.sql("SELECT actor FROM audit_event WHERE action = 'TASK_REJECTED' AND target = ?")
                .param("his/" + controlId).query(String.class).list()).containsExactly("staff:D0002");
        assertCode(() -> tasks.confirm("D0002", List.of(taskId)), ErrorCode.TASK_NOT_PENDING);
    }

    @Test
    void anUnconfirmedTaskExpiresAndTheHisGetsExactlyOneFailureNoticeWithTaskExpired() throws Exception {
        withhold("D0003", "his");
        String controlId = "TKE" + System.nanoTime();
        long taskId = sendAndAwaitTask(controlId, "D0003");

        String notice = exactlyOne(controlId);
        assertThat(MllpPeer.field(notice, "NTE", 4)).isEqualTo("TASK_EXPIRED^FINAL_REFUSAL^MEDSIGN");
        assertThat(MllpPeer.field(notice, "NTE", 3)).startsWith("TASK_EXPIRED: ");
        assertThat(status(controlId)).isEqualTo("EXPIRED");
        assertThat(signatures(controlId)).isZero();
        assertThat(tasks.find("D0003", taskId).orElseThrow().status()).isEqualTo("EXPIRED");
        assertThat(audits("TASK_EXPIRED", controlId)).isEqualTo(1);
        assertCode(() -> tasks.confirm("D0003", List.of(taskId)), ErrorCode.TASK_NOT_PENDING);
    }

    // ---------------------------------------------------------------- certificate frozen after the confirmation

    @Test
    void aConfirmedTaskWhoseCertificateIsFrozenMeanwhileIsRefusedFinally() throws Exception {
        withhold("D0009", "his");
        String controlId = "TKZ" + System.nanoTime();
        long taskId = sendAndAwaitTask(controlId, "D0009");
        String serial = jdbc.sql("SELECT serial FROM staff_certificate WHERE staff_id = 'D0009' AND status = 'ACTIVE'")
                .query(String.class).single();
        camel.getRouteController().stopRoute("hub.intake.sign");
        try {
            tasks.confirm("D0009", List.of(taskId));
            HttpResponse<String> freeze = asAdmin("secadmin", HttpRequest.newBuilder(
                    uri("/api/v1/ledger/certificates/" + serial + "/freeze")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"on leave\"}")));
            assertThat(freeze.statusCode()).as(freeze.body()).isEqualTo(200);
        } finally {
            camel.getRouteController().startRoute("hub.intake.sign");
        }
        try {
            String notice = exactlyOne(controlId);
            assertThat(MllpPeer.field(notice, "NTE", 4)).isEqualTo("SIGNER_CERTIFICATE_FROZEN^FINAL_REFUSAL^MEDSIGN");
            assertThat(signatures(controlId)).isZero();
        } finally {
            asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/certificates/" + serial + "/unfreeze"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        }
    }

    // ---------------------------------------------------------------- the REST API's 202

    @Test
    void theRestApisAcceptedAnswerNamesTheTask() throws Exception {
        withhold("D0005", "demo");
        String requestId = "TKH" + System.nanoTime();
        HttpResponse<String> response = postJson("/api/v1/sign/message", signMessage(requestId, "D0005", "x"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("PENDING");
        assertThat(body.get("requestId").asText()).isEqualTo(requestId);
        assertThat(body.get("location").asText()).isEqualTo("/api/v1/requests/" + requestId);
        long taskId = body.get("taskId").asLong();
        assertThat(tasks.find("D0005", taskId).orElseThrow().requestId()).isEqualTo(requestId);
        assertThat(getWithKey("/api/v1/tasks").body()).contains(requestId).contains("\"taskId\":" + taskId);
        tasks.reject("D0005", taskId, "test clean-up");
    }

    // ---------------------------------------------------------------- plumbing

    private void withhold(String staffId, String system) {
        jdbc.sql("UPDATE signing_authorization SET revoked = TRUE WHERE staff_id = ? AND system_id = ?")
                .params(staffId, system).update();
    }

    /** Sends an MDM^T02 (acknowledged AA) and returns the id of the task it becomes. */
    private long sendAndAwaitTask(String controlId, String signer) throws Exception {
        String ack = MllpPeer.send(hisPort, FailureNoticeIntegrationTests.mdm(controlId, signer).getBytes(GBK), GBK);
        assertThat(MllpPeer.field(ack, "MSA", 1)).isEqualTo("AA");
        Awaitility.await("the task of " + controlId).atMost(ANSWER).until(() -> "PENDING".equals(
                status(controlId)));
        return jdbc.sql("SELECT id FROM signing_task WHERE system_id = 'his' AND request_id = ?").param(controlId)
                .query(Long.class).single();
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(HubException.class)
                .satisfies(e -> assertThat(((HubException) e).code()).isEqualTo(code));
    }

    private List<String> at(String controlId) {
        return his.received().stream().filter(message -> message.contains(controlId)).toList();
    }

    /** The one message for {@code controlId}, after checking that no second one arrives. */
    private String exactlyOne(String controlId) {
        return exactlyOneEach(List.of(controlId)).get(0);
    }

    /** The one message for each control id, in their order, after one quiet period in which no second one arrives. */
    private List<String> exactlyOneEach(List<String> controlIds) {
        controlIds.forEach(this::awaitAnswer);
        Awaitility.await("no second message for " + controlIds).during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> controlIds.stream().allMatch(controlId -> at(controlId).size() == 1));
        return controlIds.stream().map(controlId -> at(controlId).get(0)).toList();
    }

    private void awaitAnswer(String controlId) {
        Awaitility.await("the answer to " + controlId).atMost(ANSWER).until(() -> at(controlId).size() >= 1);
    }

    private String status(String requestId) {
        return jdbc.sql("SELECT status FROM signing_request WHERE system_id IN ('his', 'demo') AND request_id = ?")
                .param(requestId).query(String.class).optional().orElse(null);
    }

    private long pk(String requestId) {
        return jdbc.sql("SELECT id FROM signing_request WHERE system_id = 'his' AND request_id = ?").param(requestId)
                .query(Long.class).single();
    }

    private int signatures(String requestId) {
        return jdbc.sql("SELECT COUNT(*) FROM signature_record WHERE request_id = ?").param(requestId)
                .query(Integer.class).single();
    }

    private int audits(String action, String controlId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = ? AND target = ?")
                .params(action, "his/" + controlId).query(Integer.class).single();
    }
}
