package org.medsign.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.cli.MedsignCommand;
import org.medsign.hub.HubTestSupport;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The inspection (巡检) of a running hub that has signed a few documents: run through the API as the system
 * administrator, it reports every section and the findings a demo hub deserves (demo data on, the shared admin
 * password, no backup), its PDF renders (pdftoppm) and carries each section title (pdftotext), {@code medsign report
 * inspection} writes the PDF, the compliance pack then carries the latest report, and other roles are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InspectionIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SECTIONS = List.of("versions", "uptime", "health", "capacity", "traffic",
            "latency", "certificates", "pki", "auditChain", "evidence", "backup", "deadLetters", "incidents",
            "security");

    static Path home;

    @TempDir
    Path work;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    private HttpResponse<byte[]> bytesAs(String user, HttpRequest.Builder request) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + adminPassword())
                .getBytes(StandardCharsets.UTF_8));
        return sendBytes(request.header("Authorization", "Basic " + basic).build());
    }

    private record Run(int exit, String out) {
    }

    private static Run exec(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), out);
    }

    private static boolean installed(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "-v").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private void signAFewDocuments() throws Exception {
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> accepted = postJson("/api/v1/sign/message", signMessage("insp-" + i, "D0001",
                    "病程记录 " + i));
            assertThat(accepted.statusCode()).as(accepted.body()).isIn(200, 202);
        }
        Awaitility.await("signed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (int i = 1; i <= 3; i++) {
                if (!getWithKey("/api/v1/requests/insp-" + i).body().contains("\"DONE\"")) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void systemAdministratorRunsAnInspectionWithEverySectionFindingsAndARenderedReport() throws Exception {
        signAFewDocuments();

        HttpResponse<String> created = asAdmin("sysadmin", post("/api/v1/ops/inspections"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode inspection = JSON.readTree(created.body());
        long id = inspection.get("id").asLong();
        List<String> keys = new ArrayList<>();
        inspection.get("sections").forEach(s -> keys.add(s.get("key").asText()));
        assertThat(keys).containsExactlyElementsOf(SECTIONS);
        String sections = inspection.get("sections").toString();
        assertThat(sections).contains("MedSign Hub 版本", "数据库大小", "数据目录磁盘", "签名请求死信",
                "no backup recorded", "演示数据 (medsign.demo.enabled)", "根 CA", "签发 CA", "内置时间戳服务 TSA");
        JsonNode traffic = section(inspection, "traffic");
        assertThat(traffic.toString()).contains("收到 3", "已签 3");
        assertThat(section(inspection, "latency").toString()).contains("P99");
        assertThat(section(inspection, "auditChain").toString()).contains("\"完整\",\"value\":\"是\"");
        assertThat(section(inspection, "health").toString()).contains("总体 overall", "\"label\":\"pki\"", "\"label\":\"auditChain\"");

        List<String> findings = new ArrayList<>();
        inspection.get("findings").forEach(f -> findings.add(f.get("severity").asText() + " " + f.get("section")
                .asText() + " " + f.get("finding").asText()));
        assertThat(findings).contains("HIGH security 演示数据已开启（demo data on）", "MEDIUM backup 尚无备份记录");
        assertThat(findings).anyMatch(f -> f.startsWith("HIGH security 管理员初始口令"));
        assertThat(findings).noneMatch(f -> f.contains("auditChain"));
        inspection.get("findings").forEach(f -> assertThat(f.get("advice").asText()).isNotBlank());

        HttpResponse<String> list = asAdmin("sysadmin", get("/api/v1/ops/inspections"));
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode first = JSON.readTree(list.body()).get(0);
        assertThat(first.get("id").asLong()).isEqualTo(id);
        assertThat(first.get("high").asInt()).isGreaterThanOrEqualTo(2);
        HttpResponse<String> one = asAdmin("sysadmin", get("/api/v1/ops/inspections/" + id));
        assertThat(JSON.readTree(one.body()).get("findings")).isEqualTo(inspection.get("findings"));
        HttpResponse<String> unknown = asAdmin("sysadmin", get("/api/v1/ops/inspections/999999"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("INSPECTION_UNKNOWN");
        assertThat(asAdmin("sysadmin", get("/api/v1/ops/inspections/x/report.pdf")).statusCode()).isEqualTo(404);

        HttpResponse<String> html = asAdmin("sysadmin", get("/api/v1/ops/inspections/" + id + "/report.html"));
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).contains("MedSign Hub 巡检报告", "巡检发现与建议", "data:image/png;base64,", "演示数据已开启");

        HttpResponse<byte[]> pdf = bytesAs("sysadmin", get("/api/v1/ops/inspections/" + id + "/report.pdf"));
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Path file = Files.write(work.resolve("inspection.pdf"), pdf.body());

        if (installed("pdftotext")) {
            Run text = exec(work, "pdftotext", "-enc", "UTF-8", file.toString(), "-");
            assertThat(text.exit()).as(text.out()).isZero();
            String extracted = text.out().replaceAll("\\s+", "");
            for (JsonNode section : inspection.get("sections")) {
                assertThat(extracted).as("section title in the PDF")
                        .contains(section.get("title").asText().replaceAll("\\s+", ""));
            }
            assertThat(extracted).contains("巡检发现与建议", "演示数据已开启");
        } else {
            System.out.println("pdftotext not installed: the PDF's text is not checked");
        }
        if (installed("pdftoppm")) {
            for (int page = 1; page <= 2; page++) {
                Run render = exec(work, "pdftoppm", "-png", "-r", "80", "-f", Integer.toString(page), "-l",
                        Integer.toString(page), "-singlefile", file.toString(), "page-" + page);
                assertThat(render.exit()).as(render.out()).isZero();
                BufferedImage image = ImageIO.read(work.resolve("page-" + page + ".png").toFile());
                assertThat(image.getWidth()).isGreaterThan(400);
            }
        } else {
            System.out.println("pdftoppm not installed: the PDF is not rendered");
        }

        // the compliance pack now carries the latest report
        HttpResponse<byte[]> pack = bytesAs("auditadmin", get("/api/v1/ops/compliance-pack"));
        assertThat(pack.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        String packed = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(pack.body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                names.add(entry.getName());
                byte[] content = zip.readAllBytes();
                if (entry.getName().equals("07-inspection-report.html")) {
                    packed = new String(content, StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(names).contains("07-inspection-report.html").doesNotContain("07-inspection-report.md");
        assertThat(packed).contains("MedSign Hub 巡检报告");
    }

    private HttpRequest.Builder postBody(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private int inspectionCount() throws IOException {
        return JSON.readTree(asAdmin("sysadmin", get("/api/v1/ops/inspections?limit=500")).body()).size();
    }

    @Test
    void onsiteInspectionAddsTheEngineersObservationsAndRefusesBadBodies() throws Exception {
        int before = inspectionCount();
        String observation = "{\"item\":\"机房环境\",\"result\":\"OK\",\"note\":\"温湿度正常\"}";
        List<String> bad = List.of(
                "{\"kind\":\"ONSITE\",\"observations\":[" + observation + "]}",
                "{\"kind\":\"ONSITE\",\"engineer\":\" \",\"observations\":[" + observation + "]}",
                "{\"kind\":\"ONSITE\",\"engineer\":\"王工\",\"observations\":[]}",
                "{\"kind\":\"ONSITE\",\"engineer\":\"王工\",\"observations\":[{\"item\":\"咖啡机\",\"result\":\"OK\"}]}",
                "{\"kind\":\"ONSITE\",\"engineer\":\"王工\",\"observations\":[{\"item\":\"机房环境\",\"result\":\"MAYBE\"}]}",
                "{\"kind\":\"ONSITE\",\"engineer\":\"王工\",\"observations\":[{\"item\":\"机房环境\",\"result\":\"FAIL\"}]}",
                "{\"kind\":\"ONSITE\",\"engineer\":\"王工\",\"observations\":[" + observation + "," + observation + "]}",
                "{\"kind\":\"ONSITE\",\"engineer\":\"王工\",\"observations\":[{\"item\":\"机房环境\",\"result\":\"OK\","
                        + "\"note\":\"" + "长".repeat(501) + "\"}]}",
                "{\"kind\":\"WEEKLY\",\"engineer\":\"王工\",\"observations\":[" + observation + "]}",
                "{\"engineer\":\"王工\",\"observations\":[" + observation + "]}");
        for (String body : bad) {
            HttpResponse<String> refused = asAdmin("sysadmin", postBody("/api/v1/ops/inspections", body));
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.body()).as(body).contains("INVALID_REQUEST");
        }
        HttpResponse<String> malformed = asAdmin("sysadmin", postBody("/api/v1/ops/inspections",
                "{\"kind\":\"ONSITE\",\"observations\":\"all fine\"}"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(inspectionCount()).as("nothing stored for refused bodies").isEqualTo(before);

        String body = "{\"kind\":\"ONSITE\",\"engineer\":\"王工程师\",\"observations\":["
                + "{\"item\":\"机房环境\",\"result\":\"OK\",\"note\":\"温湿度与门禁正常\"},"
                + "{\"item\":\"UKey与签名设备保管\",\"result\":\"FAIL\",\"note\":\"两枚UKey无领用登记\"},"
                + "{\"item\":\"DRILL\",\"result\":\"attention\",\"note\":\"本年度尚未组织应急演练\"}]}";
        HttpResponse<String> created = asAdmin("sysadmin", postBody("/api/v1/ops/inspections", body));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode inspection = JSON.readTree(created.body());
        long id = inspection.get("id").asLong();
        assertThat(inspection.get("kind").asText()).isEqualTo("ONSITE");
        assertThat(inspection.get("engineer").asText()).isEqualTo("王工程师");
        assertThat(inspection.get("observations")).hasSize(3);
        List<String> keys = new ArrayList<>();
        inspection.get("sections").forEach(s -> keys.add(s.get("key").asText()));
        List<String> expected = new ArrayList<>(SECTIONS);
        expected.add("onsite");
        assertThat(keys).containsExactlyElementsOf(expected);
        assertThat(section(inspection, "onsite").get("title").asText()).isEqualTo("现场检查记录");
        List<String> findings = new ArrayList<>();
        inspection.get("findings").forEach(f -> findings.add(f.get("severity").asText() + " " + f.get("section")
                .asText() + " " + f.get("finding").asText()));
        assertThat(findings).contains("HIGH onsite 现场检查“UKey与签名设备保管”不合格：两枚UKey无领用登记",
                "MEDIUM onsite 现场检查“应急演练”需关注：本年度尚未组织应急演练");
        assertThat(findings).anyMatch(f -> f.startsWith("LOW onsite 6 项现场检查未记录"));
        assertThat(findings).noneMatch(f -> f.contains("机房环境"));

        JsonNode first = JSON.readTree(asAdmin("sysadmin", get("/api/v1/ops/inspections")).body()).get(0);
        assertThat(first.get("id").asLong()).isEqualTo(id);
        assertThat(first.get("kind").asText()).isEqualTo("ONSITE");
        assertThat(first.get("engineer").asText()).isEqualTo("王工程师");
        JsonNode stored = JSON.readTree(asAdmin("sysadmin", get("/api/v1/ops/inspections/" + id)).body());
        assertThat(stored.get("observations")).isEqualTo(inspection.get("observations"));
        assertThat(asAdmin("sysadmin", get("/api/v1/ops/inspections/" + id + "/report.html")).body())
                .contains("MedSign Hub 半年度现场巡检报告", "现场检查记录", "两枚UKey无领用登记");

        HttpResponse<byte[]> pdf = bytesAs("sysadmin", get("/api/v1/ops/inspections/" + id + "/report.pdf"));
        assertThat(pdf.statusCode()).isEqualTo(200);
        Path file = Files.write(work.resolve("onsite.pdf"), pdf.body());
        if (installed("pdftotext")) {
            Run text = exec(work, "pdftotext", "-enc", "UTF-8", file.toString(), "-");
            assertThat(text.exit()).as(text.out()).isZero();
            String extracted = text.out().replaceAll("\\s+", "");
            assertThat(extracted).contains("半年度现场巡检报告", "现场检查记录", "现场工程师", "机房环境",
                    "温湿度与门禁正常", "UKey与签名设备保管", "两枚UKey无领用登记", "应急演练", "本年度尚未组织应急演练");
        } else {
            System.out.println("pdftotext not installed: the PDF's text is not checked");
        }
    }

    @Test
    void medsignReportInspectionWritesThePdf() throws Exception {
        Path out = work.resolve("report.pdf");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), MedsignCommand.class.getName(), "report",
                "inspection", "--hub", "http://localhost:" + port, "--user", "sysadmin", "--out", out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MEDSIGN_PASSWORD", adminPassword());
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed).contains("report written to", "high");
        assertThat(new String(Files.readAllBytes(out), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        Path observations = Files.writeString(work.resolve("onsite.json"), "{\"engineer\":\"李工\",\"observations\":["
                + "{\"item\":\"文档资料\",\"result\":\"FAIL\",\"note\":\"缺少变更记录\"}]}");
        Path onsiteOut = work.resolve("onsite.pdf");
        List<String> onsite = new ArrayList<>(command);
        onsite.set(onsite.indexOf(out.toString()), onsiteOut.toString());
        onsite.addAll(List.of("--onsite", observations.toString()));
        Process onsiteRun = builder.command(onsite).start();
        String onsitePrinted = new String(onsiteRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(onsiteRun.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(onsiteRun.exitValue()).as(onsitePrinted).isZero();
        assertThat(onsitePrinted).contains("on-site inspection", "report written to");
        assertThat(new String(Files.readAllBytes(onsiteOut), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

        Files.writeString(observations, "{\"engineer\":\"李工\",\"observations\":[{\"item\":\"咖啡机\",\"result\":\"OK\"}]}");
        Process badItem = builder.command(onsite).start();
        String badPrinted = new String(badItem.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(badItem.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(badItem.exitValue()).as(badPrinted).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(badPrinted).contains("not a checklist item");

        builder.environment().put("MEDSIGN_PASSWORD", "wrong-password");
        Process refused = builder.command(command.stream().map(a -> a.equals("sysadmin") ? "secadmin" : a).toList())
                .start();
        String refusal = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(refused.exitValue()).as(refusal).isEqualTo(MedsignCommand.EXIT_REFUSED);
    }

    @Test
    void otherRolesAreRefused() {
        for (String user : List.of("secadmin", "auditadmin")) {
            assertThat(asAdmin(user, post("/api/v1/ops/inspections")).statusCode()).as(user).isEqualTo(403);
            assertThat(asAdmin(user, get("/api/v1/ops/inspections")).statusCode()).as(user).isEqualTo(403);
            assertThat(asAdmin(user, get("/api/v1/ops/inspections/1/report.pdf")).statusCode()).as(user)
                    .isEqualTo(403);
        }
        assertThat(send(post("/api/v1/ops/inspections").build()).statusCode()).isEqualTo(401);
    }

    private static JsonNode section(JsonNode inspection, String key) {
        for (JsonNode section : inspection.get("sections")) {
            if (section.get("key").asText().equals(key)) {
                return section;
            }
        }
        throw new AssertionError("no section " + key);
    }
}
