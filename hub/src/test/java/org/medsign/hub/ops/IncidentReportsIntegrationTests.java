package org.medsign.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.HubTestSupport;
import org.medsign.hub.ops.alerts.AlertProperties;
import org.medsign.hub.ops.alerts.IncidentReports;
import org.medsign.hub.ops.alerts.SlaCompliance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fault report (PDF) of an incident and SLA compliance per month and quarter. Incidents are opened and handled
 * through the API; their recorded times are then moved into last month by SQL (the API records the present), one
 * response past its deadline and one incident left unhandled past its deadlines; one more incident stays open and in
 * time this month. The JSON counts, the PDFs' text (pdftotext), bad periods, unknown incidents, other roles and the
 * console page are checked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncidentReportsIntegrationTests extends HubTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    static Path home;
    /** Last month in the hospital's zone: where the three handled incidents are moved. */
    static final YearMonth PAST = YearMonth.now(ZONE).minusMonths(1);
    static long ordinaryMet;
    static long severeLate;
    static long ordinaryUnhandled;
    static long openNow;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    @Override
    protected boolean demoWindows() {
        return false;
    }

    private HttpResponse<String> get(String user, String path) {
        return asAdmin(user, HttpRequest.newBuilder(uri(path)).GET());
    }

    private JsonNode json(String path) throws IOException {
        HttpResponse<String> response = get("sysadmin", path);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private byte[] pdf(String path) {
        HttpResponse<byte[]> response;
        try {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).header("Authorization",
                    "Basic " + java.util.Base64.getEncoder().encodeToString(("sysadmin:" + adminPassword())
                            .getBytes(StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        return response.body();
    }

    private long open(String severity, String title) throws IOException {
        HttpResponse<String> opened = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/ops/incidents"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"severity\":\"" + severity + "\",\"title\":\"" + title + "\",\"description\":\"" + title
                                + "，现场报告\"}")));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        return JSON.readTree(opened.body()).path("id").asLong();
    }

    private void step(long id, String step, String body) {
        HttpResponse<String> answer = asAdmin("sysadmin", HttpRequest.newBuilder(uri("/api/v1/ops/incidents/" + id
                + "/" + step)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(answer.statusCode()).as(step + " " + answer.body()).isEqualTo(200);
    }

    /** Moves an incident's times: opened at {@code opened}, each step {@code minutes} after it (null: unrecorded). */
    private void move(long id, Instant opened, Duration respondIn, Duration restoreIn, Duration onsiteIn,
                      Long responded, Long restored, Long onsite, Long resolved) {
        jdbc.sql("UPDATE ops_incident SET detected_at = ?, opened_at = ?, respond_by = ?, restore_by = ?, "
                        + "onsite_by = ?, responded_at = ?, restored_at = ?, onsite_at = ?, resolved_at = ? WHERE id = ?")
                .params(ts(opened.minus(Duration.ofMinutes(5))), ts(opened), ts(opened.plus(respondIn)),
                        ts(opened.plus(restoreIn)), onsiteIn == null ? null : ts(opened.plus(onsiteIn)),
                        at(opened, responded), at(opened, restored), at(opened, onsite), at(opened, resolved), id)
                .update();
    }

    private static Timestamp at(Instant opened, Long minutes) {
        return minutes == null ? null : ts(opened.plus(Duration.ofMinutes(minutes)));
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static String pdftotext(byte[] pdf) throws Exception {
        Path file = Files.createTempFile(home, "report-", ".pdf");
        Files.write(file, pdf);
        Process process;
        try {
            process = new ProcessBuilder("pdftotext", "-layout", file.toString(), "-").redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeThat(false).as("pdftotext (poppler-utils) is not installed: " + e.getMessage()).isTrue();
            return "";
        }
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    @Order(1)
    void incidentsOpenedAndHandledThroughTheApiAreCountedPerMonthAndQuarter() throws Exception {
        ordinaryMet = open("ORDINARY", "HIS 接口超时");
        step(ordinaryMet, "respond", "{\"note\":\"已远程登录排查\"}");
        step(ordinaryMet, "restore", "{}");
        step(ordinaryMet, "resolve", "{\"cause\":\"接口连接池耗尽\",\"review\":\"连接泄漏\",\"advice\":\"增加连接池监控\"}");

        severeLate = open("SEVERE", "批量签名全部失败");
        step(severeLate, "respond", "{\"note\":\"值班工程师接单\"}");
        step(severeLate, "onsite", "{\"engineer\":\"张工\"}");
        step(severeLate, "restore", "{}");
        step(severeLate, "resolve", "{\"cause\":\"签名服务器磁盘满\",\"review\":\"日志未轮转，夜间无人值守\","
                + "\"advice\":\"启用日志轮转与磁盘告警\"}");

        ordinaryUnhandled = open("ORDINARY", "门诊打印签章缓慢");
        openNow = open("ORDINARY", "移动签名偶发失败");

        Instant base = PAST.atDay(10).atTime(10, 0).atZone(ZONE).toInstant();
        // in time: responded after 10 min (30), restored after 60 (120)
        move(ordinaryMet, base, Duration.ofMinutes(30), Duration.ofHours(2), null, 10L, 60L, null, 90L);
        // response late: 40 min against 15; restored after 3 h (4 h), on site after 20 h (24 h)
        move(severeLate, base.plus(Duration.ofDays(1)), Duration.ofMinutes(15), Duration.ofHours(4),
                Duration.ofHours(24), 40L, 180L, 1200L, 1500L);
        // nothing recorded and both deadlines long past
        move(ordinaryUnhandled, base.plus(Duration.ofDays(2)), Duration.ofMinutes(30), Duration.ofHours(2), null,
                null, null, null, null);

        JsonNode month = json("/api/v1/ops/sla?period=" + PAST);
        assertThat(month.path("period").asText()).isEqualTo(PAST.toString());
        assertThat(month.path("zone").asText()).isEqualTo("Asia/Shanghai");
        assertThat(Instant.parse(month.path("from").asText()))
                .isEqualTo(PAST.atDay(1).atStartOfDay(ZONE).toInstant());
        assertThat(month.path("incidents").asInt()).isEqualTo(3);
        assertThat(month.path("bySeverity").path("ORDINARY").asInt()).isEqualTo(2);
        assertThat(month.path("bySeverity").path("SEVERE").asInt()).isEqualTo(1);
        JsonNode respond = month.path("steps").get(0);
        assertThat(respond.path("step").asText()).isEqualTo("respond");
        assertThat(respond.path("met").asInt()).isEqualTo(1);
        assertThat(respond.path("missed").asInt()).isEqualTo(2);
        assertThat(respond.path("open").asInt()).isZero();
        assertThat(respond.path("compliancePercent").asDouble()).isEqualTo(33.3);
        assertThat(respond.path("meanMinutes").asLong()).isEqualTo(25);
        assertThat(respond.path("maxMinutes").asLong()).isEqualTo(40);
        JsonNode restore = month.path("steps").get(1);
        assertThat(restore.path("step").asText()).isEqualTo("restore");
        assertThat(List.of(restore.path("met").asInt(), restore.path("missed").asInt(), restore.path("open").asInt()))
                .containsExactly(2, 1, 0);
        assertThat(restore.path("compliancePercent").asDouble()).isEqualTo(66.7);
        assertThat(restore.path("meanMinutes").asLong()).isEqualTo(120);
        assertThat(restore.path("maxMinutes").asLong()).isEqualTo(180);
        JsonNode onsite = month.path("steps").get(2);
        assertThat(List.of(onsite.path("met").asInt(), onsite.path("missed").asInt(), onsite.path("open").asInt()))
                .containsExactly(1, 0, 0);
        assertThat(onsite.path("compliancePercent").asDouble()).isEqualTo(100.0);
        assertThat(onsite.path("maxMinutes").asLong()).isEqualTo(1200);

        // the quarter of last month: the same three, plus the open one when this month is in the same quarter
        String quarter = PAST.getYear() + "-Q" + ((PAST.getMonthValue() - 1) / 3 + 1);
        boolean sameQuarter = YearMonth.now(ZONE).getYear() == PAST.getYear()
                && (YearMonth.now(ZONE).getMonthValue() - 1) / 3 == (PAST.getMonthValue() - 1) / 3;
        JsonNode q = json("/api/v1/ops/sla?period=" + quarter);
        assertThat(q.path("period").asText()).isEqualTo(quarter);
        assertThat(q.path("incidents").asInt()).isEqualTo(sameQuarter ? 4 : 3);
        JsonNode qRespond = q.path("steps").get(0);
        assertThat(List.of(qRespond.path("met").asInt(), qRespond.path("missed").asInt(),
                qRespond.path("open").asInt())).containsExactly(1, 2, sameQuarter ? 1 : 0);
        assertThat(qRespond.path("compliancePercent").asDouble()).isEqualTo(33.3);

        // this month: only the open incident, nothing decided yet
        JsonNode current = json("/api/v1/ops/sla?period=" + YearMonth.now(ZONE));
        assertThat(current.path("incidents").asInt()).isEqualTo(1);
        assertThat(current.path("steps").get(0).path("open").asInt()).isEqualTo(1);
        assertThat(current.path("steps").get(0).path("compliancePercent").isNull()).isTrue();
        assertThat(current.path("steps").get(2).path("compliancePercent").isNull()).isTrue();

        // an empty quarter
        JsonNode empty = json("/api/v1/ops/sla?period=2001-Q1");
        assertThat(empty.path("incidents").asInt()).isZero();
        assertThat(empty.path("steps").get(0).path("met").asInt()).isZero();
    }

    @Test
    @Order(2)
    void theFaultReportIsAChinesePdfWithTheTimelineAgainstTheDeadlines() throws Exception {
        byte[] report = pdf("/api/v1/ops/incidents/" + severeLate + "/report.pdf");
        try (PDDocument document = Loader.loadPDF(report)) {
            List<String> fonts = new ArrayList<>();
            for (var name : document.getPage(0).getResources().getFontNames()) {
                PDFont font = document.getPage(0).getResources().getFont(name);
                fonts.add(font.getName());
                assertThat(font.isEmbedded()).isTrue();
            }
            // a subset: the base font name carries the six-letter subset tag
            assertThat(fonts).anyMatch(f -> f.matches("[A-Z]{6}\\+.*"));
            BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 80);
            keep(page, "incident-report.png");
        }
        String text = pdftotext(report);
        assertThat(text).contains("故障报告", "#" + severeLate, "严重故障", "批量签名全部失败", "处理时间线与 SLA 时限",
                "触发告警", "人工开单", "原因分析", "签名服务器磁盘满", "复盘", "日志未轮转", "优化建议",
                "启用日志轮转与磁盘告警", "处理记录", "值班工程师接单", "张工", "sysadmin");
        assertThat(text).contains("超时", "达标");
        // the late response is the row marked 超时
        assertThat(text.lines().filter(l -> l.contains("响应")).toList()).anyMatch(l -> l.contains("超时"));

        String unhandled = pdftotext(pdf("/api/v1/ops/incidents/" + ordinaryUnhandled + "/report.pdf"));
        assertThat(unhandled).contains("门诊打印签章缓慢", "一般故障", "待响应", "超时");
    }

    @Test
    @Order(3)
    void theSlaReportIsThePeriodsFiguresAsAPdfTable() throws Exception {
        String text = pdftotext(pdf("/api/v1/ops/sla/report.pdf?period=" + PAST));
        assertThat(text).contains("SLA 达标情况 " + PAST, "各环节达标率", "故障单明细", "33.3%", "66.7%", "100.0%",
                "#" + severeLate, "批量签名全部失败", "超时");
        String quarter = PAST.getYear() + "-Q" + ((PAST.getMonthValue() - 1) / 3 + 1);
        assertThat(pdftotext(pdf("/api/v1/ops/sla/report.pdf?period=" + quarter))).contains("SLA 达标情况 " + quarter);
    }

    @Test
    @Order(4)
    void badPeriodsUnknownIncidentsAndOtherRolesAreRefused() throws Exception {
        for (String period : List.of("2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-1", "Q4-2026", "abc",
                "2026-12-01", "")) {
            HttpResponse<String> bad = get("sysadmin", "/api/v1/ops/sla?period=" + URLEncoder.encode(period,
                    StandardCharsets.UTF_8));
            assertThat(bad.statusCode()).as(period).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).path("code").asText()).isEqualTo("INCIDENT_INVALID");
            assertThat(JSON.readTree(bad.body()).path("detail").asText()).contains("YYYY-MM or YYYY-Qn");
        }
        assertThat(get("sysadmin", "/api/v1/ops/sla").statusCode()).isEqualTo(400);
        HttpResponse<String> badPdf = get("sysadmin", "/api/v1/ops/sla/report.pdf?period=2026-Q9");
        assertThat(badPdf.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badPdf.body()).path("code").asText()).isEqualTo("INCIDENT_INVALID");

        HttpResponse<String> unknown = get("sysadmin", "/api/v1/ops/incidents/999999/report.pdf");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("code").asText()).isEqualTo("INCIDENT_UNKNOWN");
        assertThat(get("sysadmin", "/api/v1/ops/incidents/abc/report.pdf").statusCode()).isEqualTo(404);

        for (String user : List.of("secadmin", "auditadmin")) {
            for (String path : List.of("/api/v1/ops/sla?period=" + PAST, "/api/v1/ops/sla/report.pdf?period=" + PAST,
                    "/api/v1/ops/incidents/" + severeLate + "/report.pdf")) {
                assertThat(get(user, path).statusCode()).as(user + " " + path).isEqualTo(403);
            }
        }
        assertThat(getWithKey("/api/v1/ops/sla?period=" + PAST).statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/ops/sla?period=" + PAST)).GET().build()).statusCode())
                .isEqualTo(401);
    }

    @Test
    @Order(5)
    void withoutTheCjkFontTheReportIsRefusedAsUnavailable() {
        AlertProperties properties = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                        Map.of("medsign.ops.alerts.zone", ZONE.getId())))
                .bindOrCreate("medsign.ops.alerts", AlertProperties.class);
        IncidentReports reports = new IncidentReports(home.resolve("no-such-font.ttc"), properties);
        SlaCompliance.Report empty = new SlaCompliance.Report("2026-12", "Asia/Shanghai", Instant.now(), Instant.now(),
                0, Map.of(), List.of(), List.of());
        assertThatThrownBy(() -> reports.sla(empty)).isInstanceOfSatisfying(HubException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.HUB_UNAVAILABLE));
    }

    @Test
    @Order(6)
    void theConsoleLinksTheReportsAndShowsThisMonthsCompliance() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(uri("/console/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(login.body());
        assertThat(csrf.find()).isTrue();
        browser.send(HttpRequest.newBuilder(uri("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=sysadmin&password="
                        + URLEncoder.encode(adminPassword(), StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1)))
                .build(), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(uri("/console/systems/alerts")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(YearMonth.now(ZONE) + " SLA 达标情况", "达标率", "未到期", "故障报告",
                "/console/systems/alerts/incidents/" + openNow + "/report.pdf",
                "/console/systems/alerts/sla.pdf?period=" + YearMonth.now(ZONE));

        HttpResponse<byte[]> report = browser.send(HttpRequest.newBuilder(uri("/console/systems/alerts/incidents/"
                + openNow + "/report.pdf")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(pdftotext(report.body())).contains("移动签名偶发失败", "未到期");
        HttpResponse<byte[]> sla = browser.send(HttpRequest.newBuilder(uri("/console/systems/alerts/sla.pdf"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(sla.statusCode()).isEqualTo(200);
        assertThat(pdftotext(sla.body())).contains("SLA 达标情况 " + YearMonth.now(ZONE));

        HttpResponse<String> english = browser.send(HttpRequest.newBuilder(uri("/console/systems/alerts?lang=en"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(english.body()).contains("SLA compliance " + YearMonth.now(ZONE), "Fault report");
    }

    /** Keeps a rendering under {@code -Dmedsign.screenshots=<dir>} (docs/images). */
    private static void keep(BufferedImage rendering, String name) throws IOException {
        String dir = System.getProperty("medsign.screenshots");
        if (dir != null && !dir.isBlank()) {
            ImageIO.write(rendering, "png", Files.createDirectories(Path.of(dir)).resolve(name).toFile());
        }
    }
}
