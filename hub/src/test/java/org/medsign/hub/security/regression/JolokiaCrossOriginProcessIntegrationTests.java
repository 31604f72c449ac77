package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Finding 2, cross-origin theft through Jolokia: a page on another site, opened by a system administrator whose
 * browser holds the hub's Basic credentials, read the bootstrap password through {@code /actuator/jolokia} (which
 * echoed any Origin with credentials allowed); and Jolokia {@code exec} on the Camel context let the administrator
 * read and write any file and run SQL, unaudited. Now: another site's requests are refused before Jolokia, Jolokia
 * grants no CORS, and its access policy allows reads without secrets and only route start/stop/suspend/resume and
 * statistics, every exec and write audited.
 */
class JolokiaCrossOriginProcessIntegrationTests {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTEXT = "org.apache.camel:context=medsign,type=context,name=\"medsign\"";
    static final String ROUTE = "org.apache.camel:context=medsign,type=routes,name=\"" + AdministeredHub.FHIR_ROUTE
            + "\"";

    final AdministeredHub hub = AdministeredHub.get();

    /** The attacker's page: each attempt writes what it got into the page, then {@code #done} appears. */
    static final String ATTACK = """
            <!DOCTYPE html><html><body><h1>Cute cats</h1><div id="results"></div>
            <script>
            const hub = 'HUB';
            const results = document.getElementById('results');
            function show(name, text) {
              const pre = document.createElement('pre'); pre.id = name; pre.textContent = name + ': ' + text;
              results.appendChild(pre);
            }
            async function attempt(name, url, init) {
              try {
                const response = await fetch(url, Object.assign({credentials: 'include'}, init || {}));
                if (response.type === 'opaque') { show(name, 'opaque'); return; }
                show(name, 'got ' + response.status + ' ' + await response.text());
              } catch (e) { show(name, 'blocked ' + e); }
            }
            const stop = JSON.stringify({type: 'exec', mbean: 'ROUTE', operation: 'stop()'});
            window.steal = data => show('jsonp', 'got ' + JSON.stringify(data));
            (async () => {
              await attempt('system-properties',
                  hub + '/actuator/jolokia/read/java.lang:type=Runtime/SystemProperties');
              await attempt('version', hub + '/actuator/jolokia/version');
              await attempt('hawtio-version', hub + '/actuator/hawtio/jolokia/version');
              await attempt('search', hub + '/actuator/jolokia/search/*:*');
              await attempt('exec-text-plain', hub + '/actuator/jolokia',
                  {method: 'POST', headers: {'Content-Type': 'text/plain'}, body: stop});
              await attempt('exec-no-cors', hub + '/actuator/jolokia', {method: 'POST', mode: 'no-cors', body: stop});
              await attempt('read-no-cors', hub + '/actuator/jolokia/read/java.lang:type=Memory', {mode: 'no-cors'});
              await new Promise(resolve => {
                const script = document.createElement('script');
                script.referrerPolicy = 'no-referrer';
                script.src = hub + '/actuator/jolokia/read/java.lang:type=Runtime?callback=steal';
                script.onload = script.onerror = resolve;
                document.body.appendChild(script);
              });
              const done = document.createElement('div'); done.id = 'done'; done.textContent = 'done';
              document.body.appendChild(done);
            })();
            </script></body></html>
            """;

    @Test
    void aCrossOriginPageOpenedByALoggedInSysadminGetsNothingFromJolokia() {
        String origin = "http://localhost:" + hub.port();
        assertThat(routeState()).isEqualTo("Started");
        double refusedBefore = refusedCrossSite();
        try (AttackerSite site = new AttackerSite(); HeadlessChromium browser = HeadlessChromium.start()) {
            // the system administrator opens hawtio: the browser now sends their Basic credentials to the hub
            browser.open("http://sysadmin:" + hub.password("sysadmin") + "@localhost:" + hub.port()
                    + "/actuator/hawtio/");
            browser.open(origin + "/actuator/hawtio/");
            Object own = ((JavascriptExecutor) browser.driver).executeAsyncScript("const done = arguments[0];"
                    + "fetch('" + origin + "/actuator/jolokia/version', {credentials: 'include'}).then(r => r.text())"
                    + ".then(done, e => done('error ' + e));");
            assertThat(String.valueOf(own)).as("the hub's own pages reach Jolokia with those credentials")
                    .contains("\"agent\"");

            browser.open(site.page("/cats.html", ATTACK.replace("HUB", origin).replace("ROUTE",
                    ROUTE.replace("\"", "\\\""))));
            browser.textOf("done", Duration.ofSeconds(60));
            String loot = browser.textOf("results", Duration.ofSeconds(5));
            assertThat(loot).doesNotContain("got ").doesNotContain("java.version").doesNotContain("agent")
                    .doesNotContain("HeapMemoryUsage").doesNotContain(hub.password("sysadmin"));
            assertThat(loot).contains("system-properties: blocked").contains("version: blocked")
                    .contains("hawtio-version: blocked").contains("exec-text-plain: blocked")
                    .contains("exec-no-cors: ").contains("read-no-cors: ");
        }
        assertThat(routeState()).as("the no-cors exec did not stop the route").isEqualTo("Started");
        assertThat(refusedCrossSite() - refusedBefore).as("the hub saw the attempts and refused them")
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void sendAndRequestOnTheCamelContextAreRefusedAndAudited() throws Exception {
        Path dir = Files.createTempDirectory("medsign-jolokia-");
        Instant start = Instant.now();
        for (String[] call : new String[][] {
                {"sendBody(java.lang.String,java.lang.Object)", "file:" + dir + "?fileName=pwned.txt", "x"},
                {"sendStringBody(java.lang.String,java.lang.String)", "file:" + dir + "?fileName=pwned2.txt", "x"},
                {"requestBody(java.lang.String,java.lang.Object)", "bean:jdbcTemplate?method=queryForList("
                        + "'SELECT * FROM admin_user')", "x"},
                {"requestStringBody(java.lang.String,java.lang.String)",
                        "language:simple:${env:MEDSIGN_ADMIN_PASSWORD}", "x"}}) {
            JsonNode answer = exec(CONTEXT, call[0], call[1], call[2]);
            assertThat(answer.path("status").asInt()).as(call[0]).isEqualTo(403);
            assertThat(answer.toString()).doesNotContain(hub.password("sysadmin"));
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("no file written").isEmpty();
        }
        List<JsonNode> refused = jolokiaAudit(start, "FAILURE");
        assertThat(refused).extracting(e -> e.get("detail").asText()).contains("operation sendBody (refused by policy)",
                "operation requestBody (refused by policy)", "operation requestStringBody (refused by policy)");
        assertThat(refused).allSatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("sysadmin");
            assertThat(e.get("detail").asText()).doesNotContain("jdbcTemplate").doesNotContain(dir.toString());
        });
    }

    @Test
    void endpointsCannotBeCreatedNorRoutesRewritten() {
        for (String uri : new String[] {"bean:jdbcTemplate", "file:/etc", "language:groovy:1", "exec:sh"}) {
            assertThat(exec(CONTEXT, "createEndpoint", uri).path("status").asInt()).as(uri).isEqualTo(403);
        }
        assertThat(exec(ROUTE, "updateRouteFromXml", "<route/>").path("status").asInt()).isEqualTo(403);
        assertThat(exec(CONTEXT, "dumpRoutesAsXml(boolean)", true).path("status").asInt())
                .as("a dump that resolves placeholders ({{env:…}})").isEqualTo(403);
        assertThat(exec(CONTEXT, "setGlobalOption", "k", "v").path("status").asInt()).isEqualTo(403);
        ObjectNode write = JSON.createObjectNode().put("type", "write").put("mbean", ROUTE).put("attribute", "Tracing")
                .put("value", true);
        assertThat(jolokia(write).path("status").asInt()).as("no writes").isEqualTo(403);
    }

    @Test
    void noMBeanGivesAwayTheBootstrapOrAdministratorPasswordsOrKeys() {
        List<String> secrets = List.of(hub.password("sysadmin"), hub.secret("bootstrap-password"),
                hub.secret("demo-api-key"), hub.secret("physical-exam-api-key"), hub.secret("metrics-token"));
        ObjectNode everything = JSON.createObjectNode().put("type", "read").put("mbean", "*:*");
        everything.putObject("config").put("ignoreErrors", true);
        String all = jolokia(everything).toString();
        assertThat(all.length()).as("the sweep read something").isGreaterThan(10_000);
        String list = jolokia(JSON.createObjectNode().put("type", "list")).toString();
        for (String secret : secrets) {
            assertThat(all).doesNotContain(secret);
            assertThat(list).doesNotContain(secret);
        }
        for (String attribute : new String[] {"SystemProperties", "InputArguments"}) {
            ObjectNode read = JSON.createObjectNode().put("type", "read").put("mbean", "java.lang:type=Runtime")
                    .put("attribute", attribute);
            assertThat(jolokia(read).path("status").asInt()).as(attribute).isEqualTo(403);
        }
        assertThat(exec("com.sun.management:type=DiagnosticCommand", "vmSystemProperties").path("status").asInt())
                .isEqualTo(403);
        assertThat(exec("com.sun.management:type=DiagnosticCommand", "vmCommandLine").path("status").asInt())
                .isEqualTo(403);
        assertThat(exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap", "/tmp/h.hprof", true)
                .path("status").asInt()).isEqualTo(403);
        assertThat(exec("org.springframework.boot:type=Admin,name=SpringApplication", "getProperty",
                "MEDSIGN_ADMIN_PASSWORD").path("status").asInt()).isEqualTo(403);
    }

    @Test
    void jolokiaDoesNotConnectToJmxUrlsARequestNames() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ObjectNode proxied = JSON.createObjectNode().put("type", "read").put("mbean", "java.lang:type=Memory");
            proxied.putObject("target").put("url", "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + listener.getLocalPort()
                    + "/jmxrmi");
            jolokia(proxied);
            listener.setSoTimeout(200);
            try {
                listener.accept().close();
                throw new AssertionError("Jolokia connected to the JMX URL of the request");
            } catch (SocketTimeoutException expected) {
                // the JSR-160 proxy service is disabled: nothing connected while the request was handled
            }
        }
    }

    @Test
    void jsonpAndStateChangesByGetAreRefused() {
        assertThat(get("/actuator/jolokia/read/java.lang:type=Memory?callback=steal").statusCode()).isEqualTo(400);
        assertThat(get("/actuator/jolokia/exec/" + ROUTE.replace("\"", "%22") + "/stop()").statusCode())
                .isEqualTo(405);
        assertThat(get("/actuator/jolokia/?p=/exec/java.lang:type=Memory/gc").statusCode()).isEqualTo(405);
        assertThat(get("/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage").statusCode()).isEqualTo(200);
    }

    @Test
    void anOperatorStopsAndStartsARouteAndBothAreAudited() {
        Instant start = Instant.now();
        assertThat(exec(ROUTE, "stop()").path("status").asInt()).isEqualTo(200);
        assertThat(routeState()).isEqualTo("Stopped");
        assertThat(exec(ROUTE, "start()").path("status").asInt()).isEqualTo(200);
        assertThat(routeState()).isEqualTo("Started");
        assertThat(exec(ROUTE, "dumpRouteStatsAsXml(boolean,boolean)", false, false).path("value").asText())
                .contains("<routeStat");
        List<JsonNode> allowed = jolokiaAudit(start, "SUCCESS");
        assertThat(allowed).extracting(e -> e.get("detail").asText()).contains("operation stop", "operation start",
                "operation dumpRouteStatsAsXml");
        assertThat(allowed).allSatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("sysadmin");
            assertThat(e.get("role").asText()).isEqualTo("SYSTEM_ADMIN");
            assertThat(e.get("target").asText()).contains(AdministeredHub.FHIR_ROUTE);
        });
    }

    private String routeState() {
        ObjectNode read = JSON.createObjectNode().put("type", "read").put("mbean", ROUTE).put("attribute", "State");
        return jolokia(read).path("value").asText();
    }

    private JsonNode exec(String mbean, String operation, Object... arguments) {
        ObjectNode exec = JSON.createObjectNode().put("type", "exec").put("mbean", mbean).put("operation", operation);
        exec.set("arguments", JSON.valueToTree(arguments));
        return jolokia(exec);
    }

    private JsonNode jolokia(ObjectNode request) {
        HttpResponse<String> response = hub.asAdmin("sysadmin", HttpRequest.newBuilder(hub.uri("/actuator/jolokia"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request.toString())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AdministeredHub.read(response.body());
    }

    private HttpResponse<String> get(String path) {
        return hub.asAdmin("sysadmin", HttpRequest.newBuilder(hub.uri(path)).GET());
    }

    private List<JsonNode> jolokiaAudit(Instant since, String outcome) {
        List<JsonNode> events = new ArrayList<>();
        hub.auditEvents("action=JOLOKIA_EXEC&outcome=" + outcome + "&from=" + since).forEach(events::add);
        return events;
    }

    private double refusedCrossSite() {
        HttpResponse<String> metrics = hub.send(HttpRequest.newBuilder(hub.uri("/actuator/prometheus"))
                .header("Authorization", "Bearer " + hub.secret("metrics-token")));
        return metrics.body().lines().filter(l -> l.startsWith("medsign_http_cross_site_refused_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
