package org.medsign.hub.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.medsign.hub.lifecycle.expiry.SmtpSink;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The alert channels of the alert tests: a real SMTP server process ({@link SmtpSink}) writing each message to a
 * folder, and a stand-in for the WeCom group robot (an HTTP server keeping every JSON body posted). {@link #start}
 * points the hub's {@code medsign.ops.alerts.*} and {@code spring.mail.*} at them.
 */
public final class AlertChannels {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The alerts' e-mail recipient. */
    static final String OPS_MAIL = "it-duty@hospital.example";

    private final Path mailDir;
    private final Process smtp;
    private final HttpServer webhook;
    private final List<JsonNode> posted = new CopyOnWriteArrayList<>();

    private AlertChannels(Path home, DynamicPropertyRegistry registry) throws IOException {
        mailDir = Files.createDirectories(home.resolve("mail"));
        String java = ProcessHandle.current().info().command().orElse("java");
        smtp = new ProcessBuilder(java, "-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
                SmtpSink.class.getName(), mailDir.toString()).redirectErrorStream(true).start();
        int smtpPort = Integer.parseInt(new BufferedReader(new InputStreamReader(smtp.getInputStream(),
                StandardCharsets.US_ASCII)).readLine().trim());

        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/robot", exchange -> {
            posted.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            byte[] answer = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        webhook.start();

        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtpPort);
        registry.add("medsign.ops.alerts.webhook-url",
                () -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/robot");
        registry.add("medsign.ops.alerts.emails", () -> OPS_MAIL);
    }

    /** Starts both servers (mail kept under {@code home/mail}) and registers the hub's properties for them. */
    static AlertChannels start(Path home, DynamicPropertyRegistry registry) throws IOException {
        return new AlertChannels(home, registry);
    }

    void stop() {
        smtp.destroy();
        webhook.stop(0);
    }

    /** Bodies posted to the robot so far. */
    int posts() {
        return posted.size();
    }

    /** Every webhook body as {@code msgtype|markdown.content}, from the {@code from}-th on. */
    List<String> webhookTexts(int from) {
        return posted.subList(from, posted.size()).stream().map(body -> body.path("msgtype").asText() + "|"
                + body.path("markdown").path("content").asText()).toList();
    }

    List<String> webhookTexts() {
        return webhookTexts(0);
    }

    List<MimeMessage> mails() throws IOException {
        return mailsIn(mailDir);
    }

    /** The mails the file-based SMTP stand-in wrote into {@code dir} ({@code *.eml}), in file-name order. */
    public static List<MimeMessage> mailsIn(Path dir) throws IOException {
        List<MimeMessage> messages = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    messages.add(new MimeMessage(Session.getInstance(new Properties()), in));
                } catch (jakarta.mail.MessagingException e) {
                    throw new IOException(e);
                }
            }
        }
        return messages;
    }

    /** Every mail as {@code envelope recipient|subject|body}. */
    List<String> mailTexts() throws Exception {
        List<String> texts = new ArrayList<>();
        for (MimeMessage message : mails()) {
            texts.add(message.getHeader("X-Envelope-To", null) + "|" + message.getSubject() + "|"
                    + message.getContent());
        }
        return texts;
    }
}
