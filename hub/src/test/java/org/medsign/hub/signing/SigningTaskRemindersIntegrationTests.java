package org.medsign.hub.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.expiry.SmtpSink;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reminders (催办) over real HTTP and SMTP: a webhook receiver standing in for the hospital's messaging platform (down
 * for its first call) and a real SMTP server process ({@link SmtpSink}). Signers whose tasks waited longer than
 * {@code remind-after} get exactly one reminder each per {@code remind-every} with the right count, although the
 * scheduled scan runs every second beside on-demand scans; tasks confirmed or rejected, and tasks younger than
 * {@code remind-after}, bring none; the failed webhook call is retried; the next period reminds again; the messages
 * carry counts, age, systems and the app's link, never the document. On the embedded default (H2 files and embedded
 * Artemis) in a fresh data directory: nothing here depends on the database (the scans are serialised in the hub).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "medsign.signing.tasks.remind-after=PT1H", "medsign.signing.tasks.remind-every=PT4H",
        "medsign.signing.tasks.remind-scan-interval=PT1S", "medsign.signing.tasks.app-url=https://sign.hospital.example/m/"})
class SigningTaskRemindersIntegrationTests extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static Path home;
    static Path mailDir;
    static Process smtp;
    static HttpServer webhook;
    static final List<JsonNode> reminders = new CopyOnWriteArrayList<>();
    static final List<String> bodies = new CopyOnWriteArrayList<>();
    static final AtomicInteger reminderCalls = new AtomicInteger();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    @Autowired
    StaffCertificates certificates;

    @Autowired
    SigningTasks tasks;

    @Autowired
    SigningTaskReminders scans;

    @Autowired
    MeterRegistry meters;

    /** Starts the SMTP server process and the webhook receiver and points the hub at them. */
    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        reminders.clear();
        bodies.clear();
        reminderCalls.set(0);
        mailDir = Files.createDirectories(home.resolve("mail"));
        String java = ProcessHandle.current().info().command().orElse("java");
        smtp = new ProcessBuilder(java, "-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
                SmtpSink.class.getName(), mailDir.toString()).redirectErrorStream(true).start();
        int smtpPort = Integer.parseInt(new BufferedReader(new InputStreamReader(smtp.getInputStream(),
                StandardCharsets.US_ASCII)).readLine().trim());

        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/notify", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode event = JSON.readTree(body);
            int status = 200;
            if (event.get("event").asText().equals("SIGNING_TASKS_WAITING")) {
                // the messaging platform is down for the first reminder
                status = reminderCalls.incrementAndGet() == 1 ? 503 : 200;
                if (status == 200) {
                    reminders.add(event);
                    bodies.add(body);
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();

        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtpPort);
        registry.add("medsign.expiry.webhook-url", () -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/notify");
    }

    @AfterAll
    static void stop() {
        smtp.destroy();
        webhook.stop(0);
    }

    @Override
    protected Path home() {
        return home;
    }

    /** A request for the signer over the REST API: it becomes a pending task (no window); returns the task's id. */
    private long task(String staffId, String requestId) throws IOException {
        HttpResponse<String> pending = postJson("/api/v1/sign/message", signMessage(requestId, staffId, "病程记录 患者张某"));
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        return JSON.readTree(pending.body()).get("taskId").asLong();
    }

    private void age(List<Long> taskIds, Duration age) {
        for (long id : taskIds) {
            jdbc.sql("UPDATE signing_task SET created_at = ? WHERE id = ?")
                    .params(Timestamp.from(Instant.now().minus(age)), id).update();
        }
    }

    private List<JsonNode> remindersOf(String staffId) {
        return reminders.stream().filter(r -> r.at("/signer/staffId").asText().equals(staffId)).toList();
    }

    private int stored(String state) {
        return jdbc.sql("SELECT COUNT(*) FROM signing_task_reminder WHERE webhook_state = ?").param(state)
                .query(Integer.class).single();
    }

    static List<MimeMessage> mails() throws IOException {
        return org.medsign.hub.ops.AlertChannels.mailsIn(mailDir);
    }

    @Test
    void signersWaitingTooLongAreRemindedOncePerPeriodWithTheirCount() throws Exception {
        String waiting = DemoSigners.withoutWindow(jdbc, certificates, "R0001");
        String mixed = DemoSigners.withoutWindow(jdbc, certificates, "R0002");
        String decided = DemoSigners.withoutWindow(jdbc, certificates, "R0003");
        String fresh = DemoSigners.withoutWindow(jdbc, certificates, "R0004");
        jdbc.sql("UPDATE staff SET email = 'r0001@hospital.example' WHERE staff_id = ?").param(waiting).update();

        String secretRequest = "remind-" + System.nanoTime();
        long waiting1 = task(waiting, secretRequest);
        long waiting2 = task(waiting, "remind-" + System.nanoTime());
        long mixedOld = task(mixed, "remind-" + System.nanoTime());
        task(mixed, "remind-" + System.nanoTime());
        long rejected = task(decided, "remind-" + System.nanoTime());
        long confirmed = task(decided, "remind-" + System.nanoTime());
        task(fresh, "remind-" + System.nanoTime());
        tasks.reject(decided, rejected, "内容有误");
        tasks.confirm(decided, List.of(confirmed));
        // one transaction: the scan (every second) sees all the tasks aged or none, never R0001 with one of its two
        transactions.executeWithoutResult(status -> {
            age(List.of(waiting1, mixedOld, rejected, confirmed), Duration.ofHours(3));
            age(List.of(waiting2), Duration.ofMinutes(90));
        });

        Awaitility.await("reminders delivered to both waiting signers").atMost(Duration.ofSeconds(30))
                .until(() -> stored("SENT") == 2);
        assertThat(remindersOf(waiting)).hasSize(1);
        assertThat(remindersOf(mixed)).hasSize(1);
        assertThat(reminders).as("none for decided tasks or tasks younger than remind-after").hasSize(2);
        assertThat(reminderCalls.get()).as("the first call failed and was retried").isEqualTo(3);
        assertThat(jdbc.sql("SELECT MAX(attempts) FROM signing_task_reminder").query(Integer.class).single())
                .isEqualTo(2);

        JsonNode first = remindersOf(waiting).get(0);
        assertThat(first.get("taskCount").asInt()).isEqualTo(2);
        assertThat(first.get("oldestWaitingMinutes").asLong()).isBetween(179L, 181L);
        assertThat(first.get("systems")).extracting(JsonNode::asText).containsExactly("demo");
        assertThat(first.get("link").asText()).isEqualTo("https://sign.hospital.example/m/");
        assertThat(first.at("/signer/name").asText()).isEqualTo("移动医生");
        assertThat(first.get("message").asText()).contains("移动医生", "2 份文件", "3 小时", "demo",
                "https://sign.hospital.example/m/");
        assertThat(remindersOf(mixed).get(0).get("taskCount").asInt()).isEqualTo(1);
        assertThat(bodies).as("no document, request or patient data").noneMatch(body -> body.contains(secretRequest)
                || body.contains("患者") || body.contains("病程记录"));

        // more scans in the same period send nothing
        assertThat(scans.remind(Instant.now()).reminded()).isZero();
        assertThat(scans.remind(Instant.now()).reminded()).isZero();
        assertThat(reminders).hasSize(2);

        List<MimeMessage> mails = mails();
        assertThat(mails).as("only R0001 has an address").hasSize(1);
        assertThat(mails.get(0).getHeader("X-Envelope-To", null)).isEqualTo("r0001@hospital.example");
        assertThat(mails.get(0).getSubject()).isEqualTo("【电子签名】您有2份文件待签名");
        assertThat((String) mails.get(0).getContent()).contains("https://sign.hospital.example/m/")
                .doesNotContain(secretRequest);

        // the next period: reminded again while tasks wait; the young task of R0004 is old enough by then
        SigningTaskReminders.Report next = scans.remind(Instant.now().plus(Duration.ofHours(4)).plusSeconds(60));
        assertThat(next.reminded()).isEqualTo(3);
        Awaitility.await("the next period's reminders delivered").atMost(Duration.ofSeconds(30))
                .until(() -> reminders.size() == 5);
        assertThat(remindersOf(waiting)).hasSize(2);
        assertThat(remindersOf(mixed)).extracting(r -> r.get("taskCount").asInt()).containsExactly(1, 2);
        assertThat(remindersOf(fresh)).extracting(r -> r.get("taskCount").asInt()).containsExactly(1);
        assertThat(remindersOf(decided)).isEmpty();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'TASK_REMINDED'").query(Integer.class)
                .single()).isEqualTo(5);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'TASK_REMINDED' AND target = ?")
                .param("staff/" + waiting).query(Integer.class).single()).isEqualTo(2);
        assertThat(meters.get("medsign.signing.tasks.reminders").tag("outcome", "raised").counter().count())
                .isEqualTo(5);
        assertThat(meters.get("medsign.signing.tasks.reminders").tag("outcome", "failed").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("medsign.signing.tasks.reminders").tag("outcome", "delivered").counter().count())
                .isEqualTo(5);
    }
}
