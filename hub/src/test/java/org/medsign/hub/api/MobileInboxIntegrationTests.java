package org.medsign.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.hub.DemoSigners;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.lifecycle.operations.CertificateOperations;
import org.medsign.hub.mobile.TaskFeed;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app's live inbox, document previews and signature history over real HTTP (issue #13): the task stream read as
 * the app reads it ({@code fetch()} with {@code Authorization: Bearer}, here java.net.http line by line on a thread of
 * its own), previews of text, a PNG and a PDF made with PDFBox, and the history before and after the signer's
 * certificate is revoked. On the embedded default (H2 files and embedded Artemis) in a fresh data directory, with
 * heartbeats every second (so that a stream of an ended session ends quickly; the app's pages keep the default).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "medsign.mobile.inbox.stream-heartbeat=PT1S")
class MobileInboxIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIN = "270419";
    /** Streams are read on a client of their own, one connection each. */
    private static final HttpClient STREAMS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        freshHome(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffCertificates certificates;

    @Autowired
    CertificateOperations operations;

    @Autowired
    TaskFeed feed;

    // ---- live inbox

    @Test
    void streamGetsAnEventWhenATaskIsCreatedAndAnotherWhenItIsConfirmed() {
        String staffId = newSigner("S1001");
        String other = newSigner("S1002");
        String token = activateAndLogin(staffId);
        String otherToken = activateAndLogin(other);
        try (EventStream stream = EventStream.open(this, token); EventStream others = EventStream.open(this, otherToken)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("text/event-stream");
            stream.awaitEvent("ready", data -> data.get("heartbeatSeconds").asInt() == 1);
            others.awaitEvent("ready", data -> true);

            HttpResponse<String> pending = sign(staffId, "病程记录".getBytes(StandardCharsets.UTF_8));
            assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
            long taskId = json(pending).get("taskId").asLong();
            JsonNode created = stream.awaitEvent("task", data -> data.get("taskId").asLong() == taskId
                    && data.get("change").asText().equals("CREATED"));
            assertThat(created.get("system").asText()).isEqualTo("demo");
            assertThat(Instant.parse(created.get("at").asText())).isBefore(Instant.now().plusSeconds(1));

            HttpResponse<String> confirmed = app("POST", "/api/v1/m/tasks/" + taskId + "/confirm", token,
                    "{\"pin\":\"" + PIN + "\"}");
            assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
            stream.awaitEvent("task", data -> data.get("taskId").asLong() == taskId
                    && data.get("change").asText().equals("CONFIRMED"));
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.lines.stream().anyMatch(line -> line.startsWith(":") && line.contains("heartbeat")));

            HttpResponse<String> rejectedTask = sign(staffId, "出院小结".getBytes(StandardCharsets.UTF_8));
            long rejectedId = json(rejectedTask).get("taskId").asLong();
            stream.awaitEvent("task", data -> data.get("taskId").asLong() == rejectedId);
            app("POST", "/api/v1/m/tasks/" + rejectedId + "/reject", token, "{\"reason\":\"内容有误\"}");
            stream.awaitEvent("task", data -> data.get("taskId").asLong() == rejectedId
                    && data.get("change").asText().equals("REJECTED"));

            assertThat(others.events("task")).as("another signer's stream hears nothing of it").isEmpty();
            assertThat(stream.lines).as("ids and changes only, never the document").noneMatch(line ->
                    line.contains("病程记录") || line.contains("内容有误"));
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void streamEndsWhenTheSessionEndsAndNeedsASessionToOpen(CapturedOutput output) {
        for (String header : new String[] {null, "Bearer not-a-token", "Basic c2VjYWRtaW46eA=="}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/m/tasks/stream"))
                    .header("Accept", "text/event-stream").GET();
            if (header != null) {
                request.header("Authorization", header);
            }
            HttpResponse<String> refused = send(request.build());
            assertThat(refused.statusCode()).as(String.valueOf(header)).isEqualTo(401);
            assertThat(json(refused).get("code").asText()).isEqualTo("APP_SESSION_INVALID");
        }

        String staffId = newSigner("S2001");
        String token = activateAndLogin(staffId);
        String second = login(staffId);
        try (EventStream stream = EventStream.open(this, token); EventStream kept = EventStream.open(this, second)) {
            stream.awaitEvent("ready", data -> true);
            kept.awaitEvent("ready", data -> true);
            assertThat(feed.openStreams(staffId)).isEqualTo(2);

            assertThat(app("POST", "/api/v1/m/logout", token, null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.ended);
            assertThat(stream.events("end")).singleElement()
                    .satisfies(end -> assertThat(end.get("code").asText()).isEqualTo("APP_SESSION_INVALID"));
            assertThat(stream.lines).as("only event-stream lines, nothing written after the end")
                    .allMatch(MobileInboxIntegrationTests::eventStreamLine);
            assertThat(kept.ended).as("the other session's stream goes on").isFalse();
            assertThat(feed.openStreams(staffId)).isEqualTo(1);

            assertThat(app("POST", "/api/v1/m/lost", second, null).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> kept.ended);
            assertThat(kept.events("end")).hasSize(1);
            assertThat(kept.lines).allMatch(MobileInboxIntegrationTests::eventStreamLine);
            await().atMost(Duration.ofSeconds(5)).until(() -> feed.openStreams(staffId) == 0);
        }
        // the async dispatch that completes a stream passes the security chain (no denial on a committed response)
        assertThat(output.getAll()).doesNotContain("AuthorizationDeniedException").doesNotContain("already committed")
                .doesNotContain("Unexpected error");
    }

    @Test
    void aStreamThePhoneLeavesIsForgotten() {
        String staffId = newSigner("S2101");
        String token = activateAndLogin(staffId);
        EventStream stream = EventStream.open(this, token);
        stream.awaitEvent("ready", data -> true);
        assertThat(feed.openStreams(staffId)).isEqualTo(1);
        stream.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> feed.openStreams(staffId) == 0);
        assertThat(app("GET", "/api/v1/m/tasks", token, null).statusCode()).as("the session is untouched")
                .isEqualTo(200);
    }

    // ---- previews

    @Test
    void previewShowsTextAnImageAndTheFirstPageOfAPdfAndIsAudited() throws IOException {
        String staffId = newSigner("S3001");
        String token = activateAndLogin(staffId);

        String note = "出院小结\n患者：测试\n诊断：上呼吸道感染\n";
        Task text = task(staffId, note.getBytes(StandardCharsets.UTF_8));
        JsonNode textPreview = preview(token, text.id);
        assertThat(textPreview.get("kind").asText()).isEqualTo("text");
        assertThat(textPreview.get("mediaType").asText()).isEqualTo("text/plain");
        assertThat(textPreview.get("text").asText()).isEqualTo(note);
        assertThat(textPreview.get("truncated").asBoolean()).isFalse();
        assertThat(textPreview.get("size").asInt()).isEqualTo(note.getBytes(StandardCharsets.UTF_8).length);

        String longText = "病".repeat(20_050);
        JsonNode cut = preview(token, task(staffId, longText.getBytes(StandardCharsets.UTF_8)).id);
        assertThat(cut.get("text").asText()).hasSize(20_000);
        assertThat(cut.get("truncated").asBoolean()).isTrue();

        byte[] png = png();
        JsonNode image = preview(token, task(staffId, png).id);
        assertThat(image.get("kind").asText()).isEqualTo("image");
        assertThat(image.get("mediaType").asText()).isEqualTo("image/png");
        assertThat(image.get("image").asText()).startsWith("data:image/png;base64,");
        assertThat(dataUrl(image.get("image").asText())).isEqualTo(png);

        Task pdfTask = task(staffId, pdf());
        JsonNode pdf = preview(token, pdfTask.id);
        assertThat(pdf.get("kind").asText()).as(pdf.toString()).isEqualTo("pdf");
        assertThat(pdf.get("mediaType").asText()).isEqualTo("application/pdf");
        assertThat(pdf.get("pages").asInt()).isEqualTo(2);
        assertThat(pdf.get("page").asText()).startsWith("data:image/png;base64,");
        BufferedImage page = ImageIO.read(new ByteArrayInputStream(dataUrl(pdf.get("page").asText())));
        assertThat(page).as("the rendered page decodes").isNotNull();
        assertThat(page.getWidth()).isEqualTo(720).isEqualTo(pdf.get("pageWidth").asInt());
        assertThat(page.getHeight()).isBetween(1010, 1025).isEqualTo(pdf.get("pageHeight").asInt()); // A4
        assertThat(darkPixels(page)).as("the text is drawn").isGreaterThan(100);

        JsonNode broken = preview(token, task(staffId, "%PDF-1.7\nnot really a PDF".getBytes(StandardCharsets.US_ASCII)).id);
        assertThat(broken.get("kind").asText()).isEqualTo("unavailable");
        assertThat(broken.get("reason").asText()).isEqualTo("PDF_UNREADABLE");
        JsonNode binary = preview(token, task(staffId, new byte[] {0, 1, 2, (byte) 0xfe, 3}).id);
        assertThat(binary.get("kind").asText()).isEqualTo("unavailable");
        assertThat(binary.get("reason").asText()).isEqualTo("UNSUPPORTED_TYPE");

        List<String> viewed = jdbc.sql("SELECT actor || ' ' || role || ' ' || outcome || ' ' || detail FROM audit_event "
                        + "WHERE action = 'TASK_VIEWED' AND target = ?").param("demo/" + pdfTask.requestId)
                .query(String.class).list();
        assertThat(viewed).containsExactly("staff:" + staffId + " SIGNER SUCCESS task " + pdfTask.id + " preview pdf");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'TASK_VIEWED' AND actor = ?")
                .param("staff:" + staffId).query(Integer.class).single()).isEqualTo(6);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE ?").param("%上呼吸道%")
                .query(Integer.class).single()).as("never the content").isZero();
    }

    @Test
    void anotherSignersTaskHasNoPreview() {
        String owner = newSigner("S4001");
        String other = newSigner("S4002");
        Task task = task(owner, "病程记录".getBytes(StandardCharsets.UTF_8));
        String otherToken = activateAndLogin(other);
        for (String id : List.of(String.valueOf(task.id), "999999")) {
            HttpResponse<String> refused = app("GET", "/api/v1/m/tasks/" + id + "/preview", otherToken, null);
            assertThat(refused.statusCode()).as(id).isEqualTo(404);
            assertThat(json(refused).get("code").asText()).isEqualTo("TASK_UNKNOWN");
        }
        assertThat(app("GET", "/api/v1/m/tasks/" + task.id + "/preview", null, null).statusCode()).isEqualTo(401);
        assertThat(app("GET", "/api/v1/m/tasks/abc/preview", otherToken, null).statusCode()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'TASK_VIEWED' AND target = ?")
                .param("demo/" + task.requestId).query(Integer.class).single()).isZero();
    }

    // ---- history

    @Test
    void historyShowsSignaturesAsValidUntilTheCertificateIsRevokedAndVerifiesThem() {
        String staffId = newSigner("S5001");
        String other = newSigner("S5002");
        String token = activateAndLogin(staffId);
        String otherToken = activateAndLogin(other);
        String first = signed(staffId, token, "首次病程记录");
        String second = signed(staffId, token, "出院小结");
        String others = signed(other, otherToken, "会诊记录");

        JsonNode history = json(app("GET", "/api/v1/m/history", token, null));
        assertThat(history).hasSize(2);
        JsonNode newest = history.get(0);
        assertThat(newest.get("signatureId").asText()).isEqualTo(second);
        assertThat(history.get(1).get("signatureId").asText()).isEqualTo(first);
        assertThat(newest.get("system").asText()).isEqualTo("demo");
        assertThat(newest.get("requestId").asText()).startsWith("inbox-");
        assertThat(newest.get("scenario").asText()).isEqualTo("病程记录");
        assertThat(newest.get("documentId").asText()).startsWith("DOC-");
        assertThat(newest.get("operation").asText()).isEqualTo("CMS");
        assertThat(newest.get("timestamp").asBoolean()).isTrue();
        assertThat(newest.get("status").asText()).isEqualTo("VALID");
        assertThat(newest.get("statusSince").isNull()).isTrue();
        assertThat(Instant.parse(newest.get("signedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        String serial = newest.get("certificateSerial").asText();
        assertThat(json(app("GET", "/api/v1/m/history?limit=1", token, null))).hasSize(1);

        JsonNode detail = json(app("GET", "/api/v1/m/history/" + second, token, null));
        assertThat(detail.get("signature").get("signatureId").asText()).isEqualTo(second);
        assertThat(detail.get("documentAvailable").asBoolean()).isTrue();
        assertThat(detail.get("verification").get("valid").asBoolean()).as(detail.toString()).isTrue();
        assertThat(detail.get("verification").get("indication").asText()).isEqualTo("TOTAL_PASSED");
        assertThat(detail.get("verification").get("report").get("signer").get("serialHex").asText())
                .isEqualToIgnoringCase(serial);

        HttpResponse<String> foreign = app("GET", "/api/v1/m/history/" + others, token, null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(json(foreign).get("code").asText()).isEqualTo("SIGNATURE_UNKNOWN");
        assertThat(app("GET", "/api/v1/m/history/no-such-signature", token, null).statusCode()).isEqualTo(404);
        for (String limit : List.of("0", "501", "abc")) {
            HttpResponse<String> bad = app("GET", "/api/v1/m/history?limit=" + limit, token, null);
            assertThat(bad.statusCode()).as(limit).isEqualTo(400);
        }
        assertThat(app("GET", "/api/v1/m/history", null, null).statusCode()).isEqualTo(401);

        operations.revoke(serial, RevocationReason.KEY_COMPROMISE, "phone and key lost", "secadmin", "SECURITY_ADMIN");
        JsonNode revoked = json(app("GET", "/api/v1/m/history", token, null));
        assertThat(revoked).hasSize(2).allSatisfy(entry ->
                assertThat(entry.get("status").asText()).isEqualTo("CERTIFICATE_REVOKED"));
        assertThat(Instant.parse(revoked.get(0).get("statusSince").asText()))
                .isAfterOrEqualTo(Instant.parse(revoked.get(0).get("signedAt").asText()).truncatedTo(ChronoUnit.SECONDS));
        JsonNode afterRevocation = json(app("GET", "/api/v1/m/history/" + second, token, null));
        assertThat(afterRevocation.get("signature").get("status").asText()).isEqualTo("CERTIFICATE_REVOKED");
        assertThat(afterRevocation.get("verification").get("indication").asText()).isNotBlank();

        String otherSerial = json(app("GET", "/api/v1/m/history", otherToken, null)).get(0).get("certificateSerial")
                .asText();
        operations.freeze(otherSerial, "on leave", "secadmin", "SECURITY_ADMIN");
        assertThat(json(app("GET", "/api/v1/m/history", otherToken, null)).get(0).get("status").asText())
                .isEqualTo("CERTIFICATE_FROZEN");
    }

    // ---- plumbing

    /** A task of {@code staffId}: its id and request id. */
    private record Task(long id, String requestId) {
    }

    private Task task(String staffId, byte[] content) {
        HttpResponse<String> pending = sign(staffId, content);
        assertThat(pending.statusCode()).as(pending.body()).isEqualTo(202);
        return new Task(json(pending).get("taskId").asLong(), json(pending).get("requestId").asText());
    }

    /** A document of {@code staffId} signed after the confirmation in the app; its signature id. */
    private String signed(String staffId, String token, String text) {
        Task task = task(staffId, text.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> confirmed = app("POST", "/api/v1/m/tasks/" + task.id + "/confirm", token,
                "{\"pin\":\"" + PIN + "\"}");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(requestField(task.requestId, "status")));
        return requestField(task.requestId, "signatureId");
    }

    private String requestField(String requestId, String field) {
        JsonNode body = json(getWithKey("/api/v1/requests/" + requestId));
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private JsonNode preview(String token, long taskId) {
        HttpResponse<String> answer = app("GET", "/api/v1/m/tasks/" + taskId + "/preview", token, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer);
    }

    private HttpResponse<String> sign(String staffId, byte[] content) {
        String requestId = "inbox-" + System.nanoTime();
        return postJson("/api/v1/sign/message", "{\"requestId\":\"" + requestId + "\",\"signer\":\"" + staffId
                + "\",\"content\":\"" + b64(content) + "\",\"detached\":true,\"scenario\":\"病程记录\","
                + "\"documentId\":\"DOC-" + requestId + "\"}");
    }

    private String newSigner(String staffId) {
        return DemoSigners.withoutWindow(jdbc, certificates, staffId);
    }

    private String activateAndLogin(String staffId) {
        HttpResponse<String> issued = asAdmin("secadmin", HttpRequest.newBuilder(
                        uri("/api/v1/admin/staff/" + staffId + "/activation")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        HttpResponse<String> activated = app("POST", "/api/v1/m/activate", null, "{\"staffId\":\"" + staffId
                + "\",\"code\":\"" + json(issued).get("code").asText() + "\",\"pin\":\"" + PIN + "\"}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        return login(staffId);
    }

    private String login(String staffId) {
        HttpResponse<String> session = app("POST", "/api/v1/m/login", null,
                "{\"staffId\":\"" + staffId + "\",\"pin\":\"" + PIN + "\"}");
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        return json(session).get("token").asText();
    }

    /** A call of the app: JSON, with the session's bearer token when given. */
    private HttpResponse<String> app(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** A line as an event stream has them: a field, a comment or the blank line between events. */
    private static boolean eventStreamLine(String line) {
        return line.isEmpty() || line.startsWith(":") || line.startsWith("event:") || line.startsWith("data:")
                || line.startsWith("id:") || line.startsWith("retry:");
    }

    private static byte[] dataUrl(String url) {
        return Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, 64, 48);
        graphics.setColor(Color.RED);
        graphics.fillOval(8, 8, 32, 32);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A real two-page A4 PDF with text on its first page, made with PDFBox. */
    private static byte[] pdf() throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage first = new PDPage(PDRectangle.A4);
            document.addPage(first);
            document.addPage(new PDPage(PDRectangle.A4));
            try (PDPageContentStream content = new PDPageContentStream(document, first)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 28);
                content.newLineAtOffset(60, 760);
                content.showText("Discharge summary DOC-0001");
                content.endText();
                content.setNonStrokingColor(0f, 0f, 0f);
                content.addRect(60, 600, 300, 60);
                content.fill();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static int darkPixels(BufferedImage image) {
        int dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) < 100 && ((rgb >> 8) & 0xff) < 100 && (rgb & 0xff) < 100) {
                    dark++;
                }
            }
        }
        return dark;
    }

    /** The app's task stream as a reader on a thread of its own sees it, line by line. */
    private static final class EventStream implements AutoCloseable {
        final HttpResponse<Stream<String>> response;
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile boolean ended;

        private EventStream(HttpResponse<Stream<String>> response) {
            this.response = response;
            Thread reader = new Thread(() -> {
                try {
                    response.body().forEach(lines::add);
                } catch (UncheckedIOException | IllegalStateException closed) {
                    // closed by the test
                } finally {
                    ended = true;
                }
            }, "test-task-stream");
            reader.setDaemon(true);
            reader.start();
        }

        static EventStream open(MobileInboxIntegrationTests test, String token) {
            HttpRequest request = HttpRequest.newBuilder(test.uri("/api/v1/m/tasks/stream"))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build();
            try {
                return new EventStream(STREAMS.send(request, HttpResponse.BodyHandlers.ofLines()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** The data of every event named {@code name} so far. */
        List<JsonNode> events(String name) {
            List<JsonNode> events = new ArrayList<>();
            List<String> snapshot = List.copyOf(lines);
            for (int i = 0; i + 1 < snapshot.size(); i++) {
                if (snapshot.get(i).startsWith("event:") && snapshot.get(i).substring(6).trim().equals(name)
                        && snapshot.get(i + 1).startsWith("data:")) {
                    events.add(json(snapshot.get(i + 1).substring("data:".length()).trim()));
                }
            }
            return events;
        }

        /** Waits (at most 10 s) for an event named {@code name} whose data matches; returns its data. */
        JsonNode awaitEvent(String name, java.util.function.Predicate<JsonNode> matches) {
            return await().atMost(Duration.ofSeconds(10))
                    .until(() -> events(name).stream().filter(matches).findFirst().orElse(null),
                            found -> found != null);
        }

        @Override
        public void close() {
            response.body().close();
        }
    }
}
