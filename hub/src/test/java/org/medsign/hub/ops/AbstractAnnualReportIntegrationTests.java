package org.medsign.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.cli.MedsignCommand;
import org.medsign.hub.HubTestSupport;

/**
 * The annual maintenance summary and health assessment (年度运维总结与健康评估) of a hub that has run a day: documents
 * signed by three systems (demo, his, lis), a severe incident detected, restored and closed, an inspection, a renewal
 * campaign. The report's numbers are those of what was done; its PDF carries every section title (pdftotext) and
 * renders (pdftoppm); {@code medsign report annual} writes it; a bad year is refused in the problem format and other
 * roles are refused. Run on H2 ({@code AnnualReportIntegrationTests}) and PostgreSQL
 * ({@code AnnualReportPostgresIntegrationTests}), each with a hub and database of its own (the counts are whole-table).
 */
abstract class AbstractAnnualReportIntegrationTests extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KEYS = List.of("overview", "availability", "volumes", "incidents", "renewals",
            "inspections", "changes", "health");
    private static final List<String> TITLES = List.of("概况", "可用性", "签名业务量", "故障与SLA", "证书续期与变更",
            "巡检与发现", "升级与变更", "健康评分");
    /** Documents signed per system. */
    private static final Map<String, Integer> SIGNED = Map.of("demo", 3, "his", 2, "lis", 1);

    @TempDir
    Path work;

    private static String year() {
        return Integer.toString(Year.now(ZoneId.of("Asia/Shanghai")).getValue());
    }

    private String key(String system) throws IOException {
        return system.equals("demo") ? demoKey()
                : Files.readString(home().resolve("secrets").resolve(system + "-api-key"), StandardCharsets.US_ASCII).trim();
    }

    private HttpResponse<String> sign(String system, String requestId, String signer) throws IOException {
        return send(HttpRequest.newBuilder(uri("/api/v1/sign/message")).header("Content-Type", "application/json")
                .header("X-Medsign-Api-Key", key(system)).POST(HttpRequest.BodyPublishers.ofString(
                        signMessage(requestId, signer, "出院小结 " + requestId))).build());
    }

    private HttpResponse<String> status(String system, String requestId) throws IOException {
        return send(HttpRequest.newBuilder(uri("/api/v1/requests/" + requestId)).header("X-Medsign-Api-Key",
                key(system)).GET().build());
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    private JsonNode ok(String user, HttpRequest.Builder request, int status) throws IOException {
        HttpResponse<String> response = asAdmin(user, request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private HttpResponse<byte[]> bytesAs(String user, HttpRequest.Builder request) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + adminPassword())
                .getBytes(StandardCharsets.UTF_8));
        return sendBytes(request.header("Authorization", "Basic " + basic).build());
    }

    /** A realistic day in small: three systems sign, a severe fault comes and goes, an inspection, a campaign. */
    private Day runADay() throws Exception {
        List<String[]> sent = new ArrayList<>();
        for (Map.Entry<String, Integer> system : SIGNED.entrySet()) {
            for (int i = 1; i <= system.getValue(); i++) {
                String requestId = "annual-" + system.getKey() + "-" + i;
                HttpResponse<String> accepted = sign(system.getKey(), requestId, String.format("D%04d", i));
                assertThat(accepted.statusCode()).as(accepted.body()).isIn(200, 202);
                sent.add(new String[] {system.getKey(), requestId});
            }
        }
        Awaitility.await("signed").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (String[] request : sent) {
                if (!status(request[0], request[1]).body().contains("\"DONE\"")) {
                    return false;
                }
            }
            return true;
        });
        String serial = JSON.readTree(status("his", "annual-his-2").body()).get("certificateSerial").asText();

        Instant detected = Instant.now().minus(Duration.ofMinutes(40));
        JsonNode incident = ok("sysadmin", post("/api/v1/ops/incidents", "{\"severity\":\"SEVERE\",\"title\":"
                + "\"批量签名失败\",\"detectedAt\":\"" + detected + "\"}"), 201);
        long id = incident.get("id").asLong();
        ok("sysadmin", post("/api/v1/ops/incidents/" + id + "/respond", "{\"note\":\"已响应\"}"), 200);
        JsonNode restored = ok("sysadmin", post("/api/v1/ops/incidents/" + id + "/restore", "{\"note\":\"已恢复\"}"), 200);
        ok("sysadmin", post("/api/v1/ops/incidents/" + id + "/resolve", "{\"cause\":\"TSA 证书过期\",\"review\":"
                + "\"已复盘\",\"advice\":\"提前续期\"}"), 200);

        JsonNode inspection = ok("sysadmin", post("/api/v1/ops/inspections", null), 200);

        JsonNode campaign = ok("secadmin", post("/api/v1/ledger/campaigns", "{\"serials\":[\"" + serial + "\"]}"),
                200);
        long campaignId = campaign.get("id").asLong();
        Awaitility.await("campaign done").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> !ok("secadmin", get("/api/v1/ledger/campaigns/" + campaignId), 200).get("state").asText()
                        .matches("PLANNED|RUNNING"));
        assertThat(ok("secadmin", get("/api/v1/ledger/campaigns/" + campaignId), 200).get("done").asInt()).isEqualTo(1);
        return new Day(detected, Instant.parse(restored.get("restoredAt").asText()), inspection);
    }

    private record Day(Instant detected, Instant restored, JsonNode inspection) {
    }

    @Test
    void theAnnualReportCountsWhatTheYearDidAndItsPdfCarriesEverySection() throws Exception {
        Day day = runADay();
        String year = year();
        JsonNode report = ok("sysadmin", get("/api/v1/ops/annual-report?year=" + year), 200);

        assertThat(report.get("year").asInt()).isEqualTo(Integer.parseInt(year));
        assertThat(report.get("complete").asBoolean()).isFalse();
        List<String> keys = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        report.get("sections").forEach(s -> {
            keys.add(s.get("key").asText());
            titles.add(s.get("title").asText());
        });
        assertThat(keys).containsExactlyElementsOf(KEYS);
        assertThat(titles).containsExactlyElementsOf(TITLES);

        // 签名业务量: per system, all in the current month
        JsonNode volumes = report.get("volumes");
        assertThat(volumes.get("months")).hasSize(12);
        int month = java.time.YearMonth.now(ZoneId.of("Asia/Shanghai")).getMonthValue() - 1;
        int total = 0;
        for (Map.Entry<String, Integer> system : SIGNED.entrySet()) {
            JsonNode row = system(volumes, system.getKey());
            long signed = system.getValue();
            assertThat(row.get("total").asLong()).as(system.getKey()).isEqualTo(signed);
            assertThat(row.get("signatures").get(month).asLong()).isEqualTo(signed);
            assertThat(row.get("requests").asLong()).isEqualTo(signed);
            assertThat(row.get("failed").asLong()).isZero();
            total += system.getValue();
        }
        assertThat(volumes.get("signatures").asLong()).isEqualTo((long) total);
        assertThat(volumes.get("monthTotals").get(month).asLong()).isEqualTo((long) total);
        assertThat(volumes.get("errorRatePercent").asDouble()).isZero();

        // 可用性: the severe incident's detection → restoration
        JsonNode availability = report.get("availability");
        assertThat(availability.get("severeIncidents").asInt()).isEqualTo(1);
        assertThat(availability.get("outageMinutes").asLong())
                .isEqualTo(Math.round(Duration.between(day.detected(), day.restored()).toMillis() / 60_000.0));
        assertThat(availability.get("percent").asDouble()).isLessThan(100.0).isGreaterThan(0.0);
        assertThat(availability.get("starts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(availability.get("method").asText()).contains("严重故障中断时长");

        // 故障与SLA
        JsonNode incidents = report.get("incidents");
        assertThat(incidents.get("opened").asInt()).isEqualTo(1);
        assertThat(incidents.get("bySeverity").get("SEVERE").asInt()).isEqualTo(1);
        assertThat(incidents.get("bySeverity").get("ORDINARY").asInt()).isZero();
        assertThat(incidents.get("unresolved").asInt()).isZero();
        assertThat(incidents.get("quarters")).hasSize(4);
        assertThat(incidents.get("met").asInt() + incidents.get("missed").asInt()).isGreaterThanOrEqualTo(2);

        // 证书续期与变更
        JsonNode renewals = report.get("renewals");
        assertThat(renewals.get("campaignsByState").get("DONE").asInt()).isEqualTo(1);
        assertThat(renewals.get("itemsByState").get("DONE").asInt()).isEqualTo(1);
        assertThat(renewals.get("certificateChanges").get("RENEWED").asLong()).isEqualTo(1L);
        assertThat(renewals.get("certificateChanges").get("ISSUED").asLong()).isGreaterThanOrEqualTo(10);

        // 巡检与发现
        JsonNode inspections = report.get("inspections");
        assertThat(inspections.get("runs")).hasSize(1);
        JsonNode run = inspections.get("runs").get(0);
        assertThat(run.get("id").asLong()).isEqualTo(day.inspection().get("id").asLong());
        int high = 0;
        for (JsonNode finding : day.inspection().get("findings")) {
            high += finding.get("severity").asText().equals("HIGH") ? 1 : 0;
        }
        assertThat(inspections.get("high").asInt()).isEqualTo(high).isPositive();
        assertThat(inspections.get("latest").get("id").asLong()).isEqualTo(run.get("id").asLong());
        assertThat(inspections.get("findingsBySection").toString()).contains("安全配置");

        // 升级与变更: this fresh hub applied its migrations and loaded its routes
        JsonNode changes = report.get("changes");
        assertThat(changes.get("migrations")).isNotEmpty();
        assertThat(changes.get("migrations").get(0).get("detail").asText()).contains("versions=");
        assertThat(changes.get("routeLoads").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(changes.get("upgrades")).isEmpty();

        // 健康评分: the components add up to the score, each within its maximum
        JsonNode health = report.get("health");
        double sum = 0;
        int max = 0;
        for (JsonNode component : health.get("components")) {
            assertThat(component.get("points").asDouble()).isBetween(0.0, component.get("max").asDouble());
            assertThat(component.get("rule").asText()).isNotBlank();
            sum += component.get("points").asDouble();
            max += component.get("max").asInt();
        }
        assertThat(max).isEqualTo(100);
        assertThat(health.get("score").asInt()).isEqualTo((int) Math.round(sum));
        assertThat(component(health, "inspectionsDone").get("points").asDouble()).isPositive();
        // the demo hub's inspection found HIGH findings: 10 − 4 × high − medium, at least 0
        assertThat(component(health, "findings").get("points").asDouble()).isLessThan(10.0);
        assertThat(component(health, "certificates").get("basis").asText()).contains("续期成功 1");
        assertThat(component(health, "auditChain").get("points").asDouble()).isEqualTo(10.0);
        assertThat(component(health, "errorRate").get("points").asDouble()).isEqualTo(15.0);
        assertThat(health.get("method").asText()).contains("满分 100");

        // HTML and PDF
        HttpResponse<String> html = asAdmin("sysadmin", get("/api/v1/ops/annual-report.html?year=" + year));
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).contains("年度运维总结与系统健康评估", "data:image/png;base64,", "计算方法");
        TITLES.forEach(title -> assertThat(html.body()).contains(title));

        HttpResponse<byte[]> pdf = bytesAs("sysadmin", get("/api/v1/ops/annual-report.pdf?year=" + year));
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Disposition").orElse("")).contains("annual-report-" + year);
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Path file = Files.write(work.resolve("annual.pdf"), pdf.body());

        Run text = exec(work, "pdftotext", "-enc", "UTF-8", file.toString(), "-");
        assertThat(text.exit()).as(text.out()).isZero();
        String extracted = text.out().replaceAll("\\s+", "");
        for (int i = 0; i < TITLES.size(); i++) {
            assertThat(extracted).as("section title in the PDF").contains((i + 1) + "." + TITLES.get(i));
        }
        assertThat(extracted).contains("年度运维总结与系统健康评估", "计算方法", "评分方法", "严重故障",
                "his", "lis");

        Run info = exec(work, "pdfinfo", file.toString());
        int pages = Integer.parseInt(info.out().replaceAll("(?s).*Pages:\\s+(\\d+).*", "$1"));
        assertThat(pages).isGreaterThanOrEqualTo(2);
        for (int page = 1; page <= pages; page++) {
            Run render = exec(work, "pdftoppm", "-png", "-r", "60", "-f", Integer.toString(page), "-l",
                    Integer.toString(page), "-singlefile", file.toString(), "annual-" + page);
            assertThat(render.exit()).as(render.out()).isZero();
            BufferedImage image = ImageIO.read(work.resolve("annual-" + page + ".png").toFile());
            assertThat(image.getWidth()).isGreaterThan(400);
        }

        // medsign report annual writes the same report
        Path out = work.resolve("cli-annual.pdf");
        Run cli = medsign(adminPassword(), "sysadmin", year, out);
        assertThat(cli.exit()).as(cli.out()).isZero();
        assertThat(cli.out()).contains("annual report " + year, "health score", total + " signatures", "1 incidents",
                "1 inspections");
        assertThat(new String(Files.readAllBytes(out), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Run cliText = exec(work, "pdftotext", "-enc", "UTF-8", out.toString(), "-");
        assertThat(cliText.out().replaceAll("\\s+", "")).contains("8.健康评分");
    }

    @Test
    void aBadYearIsRefusedInTheProblemFormat() throws Exception {
        int next = Integer.parseInt(year()) + 1;
        for (String year : List.of("abc", "26", "1999", Integer.toString(next), "2026-01", "%20")) {
            for (String path : List.of("/api/v1/ops/annual-report", "/api/v1/ops/annual-report.pdf",
                    "/api/v1/ops/annual-report.html")) {
                HttpResponse<String> refused = asAdmin("sysadmin", get(path + "?year=" + year));
                assertThat(refused.statusCode()).as(path + " " + year).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
                JsonNode problem = JSON.readTree(refused.body());
                assertThat(problem.get("code").asText()).isEqualTo("INVALID_REQUEST");
                assertThat(problem.get("detail").asText()).contains("year must be a year from 2000 to");
            }
        }
        HttpResponse<String> missing = asAdmin("sysadmin", get("/api/v1/ops/annual-report"));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("PARAMETER_MISSING");

        Run cli = medsign(adminPassword(), "sysadmin", "19x", work.resolve("bad.pdf"));
        assertThat(cli.exit()).as(cli.out()).isEqualTo(MedsignCommand.EXIT_INPUT);
        assertThat(cli.out()).contains("INVALID_REQUEST", "year must be");
        assertThat(Files.exists(work.resolve("bad.pdf"))).isFalse();
    }

    @Test
    void otherRolesAreRefused() throws Exception {
        String year = year();
        for (String user : List.of("secadmin", "auditadmin")) {
            for (String path : List.of("/api/v1/ops/annual-report", "/api/v1/ops/annual-report.pdf",
                    "/api/v1/ops/annual-report.html")) {
                assertThat(asAdmin(user, get(path + "?year=" + year)).statusCode()).as(user + " " + path)
                        .isEqualTo(403);
            }
        }
        assertThat(send(get("/api/v1/ops/annual-report?year=" + year).build()).statusCode()).isEqualTo(401);
        Run cli = medsign(adminPassword(), "secadmin", year, work.resolve("refused.pdf"));
        assertThat(cli.exit()).as(cli.out()).isEqualTo(MedsignCommand.EXIT_REFUSED);
    }

    private Run medsign(String password, String user, String year, Path out) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), MedsignCommand.class.getName(), "report", "annual", "--hub",
                "http://localhost:" + port, "--user", user, "--year", year, "--out", out.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MEDSIGN_PASSWORD", password);
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), printed);
    }

    private record Run(int exit, String out) {
    }

    private static Run exec(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), out);
    }

    private static JsonNode system(JsonNode volumes, String system) {
        for (JsonNode row : volumes.get("systems")) {
            if (row.get("system").asText().equals(system)) {
                return row;
            }
        }
        throw new AssertionError("no system " + system + " in " + volumes);
    }

    private static JsonNode component(JsonNode health, String key) {
        for (JsonNode component : health.get("components")) {
            if (component.get("key").asText().equals(key)) {
                return component;
            }
        }
        throw new AssertionError("no component " + key);
    }
}
