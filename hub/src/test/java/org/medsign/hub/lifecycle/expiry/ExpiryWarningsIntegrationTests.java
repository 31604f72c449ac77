package org.medsign.hub.lifecycle.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.lifecycle.operations.CertificateOperations;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expiry warnings against a real SMTP server process ({@link SmtpSink}) and a stand-in for the hospital's messaging
 * platform (a webhook receiver that fails its first call): certificates 5, 20 and 45 days before expiry are warned at
 * 7, 30 and 60 days, once each although the scheduled scan runs every second beside on-demand scans; a certificate
 * 100 days out and a frozen one are not; the holder with an address and the administrators get Chinese e-mails; a
 * failed webhook is retried; later thresholds are raised as time passes; gauges per bucket.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExpiryWarningsIntegrationTests extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static Path home;
    static Path mailDir;
    static Process smtp;
    static HttpServer webhook;
    static final List<JsonNode> posted = new CopyOnWriteArrayList<>();
    static final AtomicInteger webhookCalls = new AtomicInteger();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffCertificates certificates;

    @Autowired
    CertificateOperations operations;

    @Autowired
    ExpiryWarnings warnings;

    @Autowired
    MeterRegistry meters;

    @Autowired
    PlatformTransactionManager transactions;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        mailDir = Files.createDirectories(home.resolve("mail"));
        String java = ProcessHandle.current().info().command().orElse("java");
        smtp = new ProcessBuilder(java, "-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
                SmtpSink.class.getName(), mailDir.toString()).redirectErrorStream(true).start();
        int smtpPort = Integer.parseInt(new BufferedReader(new InputStreamReader(smtp.getInputStream(),
                StandardCharsets.US_ASCII)).readLine().trim());

        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/notify", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            // the messaging platform is down for the first call
            int status = webhookCalls.incrementAndGet() == 1 ? 503 : 200;
            if (status == 200) {
                posted.add(JSON.readTree(body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        webhook.start();

        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtpPort);
        registry.add("medsign.expiry.webhook-url", () -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/notify");
        registry.add("medsign.expiry.admin-emails", () -> "secadmin@hospital.example,it-duty@hospital.example");
        registry.add("medsign.expiry.scan-interval", () -> "PT1S");
        registry.add("medsign.expiry.initial-delay", () -> "PT1S");
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

    private void staff(String staffId, String name, String email) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, email, created_at, updated_at) "
                + "VALUES (?, ?, '心内科', '主治医师', 'active', ?, ?, ?)").params(staffId, name, email, now, now).update();
    }

    private String certificate(String staffId, String name, Duration left) {
        return certificates.issue(staffId, name, "心内科", null, Instant.now().minus(Duration.ofDays(300)),
                Instant.now().plus(left).plus(Duration.ofHours(1))).serial();
    }

    static List<MimeMessage> mails() throws IOException {
        return org.medsign.hub.ops.AlertChannels.mailsIn(mailDir);
    }

    static String envelope(MimeMessage message) {
        try {
            return message.getHeader("X-Envelope-To", null);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(MimeMessage message) {
        try {
            return message.getSubject() + "\n" + message.getContent();
        } catch (jakarta.mail.MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachThresholdIsNotifiedOnceByWebhookAndEmail() throws Exception {
        staff("E0001", "赵一", "zhaoyi@hospital.example");
        staff("E0002", "钱二", null);
        staff("E0003", "孙三", null);
        staff("E0004", "李四", null);
        staff("E0005", "周五", null);
        String in5 = certificate("E0001", "赵一", Duration.ofDays(5));
        String in20 = certificate("E0002", "钱二", Duration.ofDays(20));
        String in45 = certificate("E0003", "孙三", Duration.ofDays(45));
        String in100 = certificate("E0004", "李四", Duration.ofDays(100));
        // issued and frozen in one transaction, so that no scan ever sees it active
        String frozen = new TransactionTemplate(transactions).execute(status -> {
            String serial = certificate("E0005", "周五", Duration.ofDays(5));
            operations.freeze(serial, "停职", "secadmin", "SECURITY_ADMIN");
            return serial;
        });

        // an on-demand scan beside the scheduled ones
        HttpResponse<String> scan = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/expiry-warnings/scan"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(scan.statusCode()).as(scan.body()).isEqualTo(200);

        Awaitility.await("three warnings delivered").atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("SELECT COUNT(*) FROM expiry_warning WHERE webhook_state = 'SENT' "
                        + "AND email_state = 'SENT'").query(Integer.class).single() == 3);
        Map<String, Integer> thresholds = new ConcurrentHashMap<>();
        jdbc.sql("SELECT serial, threshold_days FROM expiry_warning").query((rs, n) ->
                thresholds.put(rs.getString(1), rs.getInt(2))).list();
        assertThat(thresholds).containsExactlyInAnyOrderEntriesOf(Map.of(in5, 7, in20, 30, in45, 60));
        assertThat(thresholds).doesNotContainKeys(in100, frozen);
        assertThat(jdbc.sql("SELECT MAX(attempts) FROM expiry_warning").query(Integer.class).single())
                .as("the first webhook call failed and was retried").isGreaterThanOrEqualTo(2);

        // more scans change nothing
        warnings.scan(Instant.now());
        warnings.scan(Instant.now());
        assertThat(posted).extracting(node -> node.get("serial").asText()).containsExactlyInAnyOrder(in5, in20, in45);
        JsonNode first = posted.stream().filter(node -> node.get("serial").asText().equals(in5)).findFirst().orElseThrow();
        assertThat(first.get("event").asText()).isEqualTo("CERTIFICATE_EXPIRING");
        assertThat(first.get("thresholdDays").asInt()).isEqualTo(7);
        assertThat(first.get("daysLeft").asInt()).isEqualTo(5);
        assertThat(first.at("/holder/staffId").asText()).isEqualTo("E0001");
        assertThat(first.get("message").asText()).contains("赵一").contains(in5);

        List<MimeMessage> mails = mails();
        List<MimeMessage> toAdmins = mails.stream()
                .filter(m -> envelope(m).contains("secadmin@hospital.example")).toList();
        List<MimeMessage> toHolder = mails.stream()
                .filter(m -> envelope(m).contains("zhaoyi@hospital.example")).toList();
        assertThat(toAdmins).hasSize(3);
        assertThat(envelope(toAdmins.get(0))).contains("it-duty@hospital.example");
        assertThat(toAdmins).extracting(ExpiryWarningsIntegrationTests::text)
                .anyMatch(t -> t.startsWith("【电子签名】证书到期提醒：心内科 赵一（剩余5天）") && t.contains(in5));
        assertThat(toHolder).hasSize(1);
        assertThat(text(toHolder.get(0))).startsWith("【电子签名】您的签名证书将于5天后到期").contains("赵一");
        assertThat(mails).hasSize(4);

        // gauges: active certificates by days left (the frozen one is not active)
        assertThat(meters.get("medsign.certificates.expiring").tag("bucket", "7").gauge().value()).isEqualTo(1);
        assertThat(meters.get("medsign.certificates.expiring").tag("bucket", "30").gauge().value()).isEqualTo(1);
        assertThat(meters.get("medsign.certificates.expiring").tag("bucket", "60").gauge().value()).isEqualTo(1);

        // sixteen days later: the 45-day certificate reaches 30, the 20-day one reaches 7, the 5-day one has expired
        ExpiryWarnings.ScanReport later = warnings.scan(Instant.now().plus(Duration.ofDays(16)));
        assertThat(later.newWarnings()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT threshold_days FROM expiry_warning WHERE serial = ? ORDER BY threshold_days")
                .param(in45).query(Integer.class).list()).containsExactly(30, 60);
        assertThat(jdbc.sql("SELECT threshold_days FROM expiry_warning WHERE serial = ? ORDER BY threshold_days")
                .param(in20).query(Integer.class).list()).containsExactly(7, 30);

        HttpResponse<String> listed = asAdmin("secadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/expiry-warnings")));
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).get("warnings")).hasSize(5);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'CERTIFICATE_EXPIRY_WARNING'")
                .query(Integer.class).single()).isEqualTo(5);
        assertThat(asAdmin("auditadmin", HttpRequest.newBuilder(uri("/api/v1/ledger/expiry-warnings/scan"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
    }
}
