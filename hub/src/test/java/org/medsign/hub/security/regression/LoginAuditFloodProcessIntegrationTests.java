package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Finding 9, "failed-login audit rows can be flooded by an outsider": every failed login was one row in the audit
 * chain. Now the first failure of a credential from a source is in the chain at once, the rest of the window in one
 * summary row with a count, and past a per-window limit of itemised pairs one row counts everything else: no failure
 * is lost, but the chain grows by a bounded number of rows per window.
 */
class LoginAuditFloodProcessIntegrationTests {

    static final Pattern MORE = Pattern.compile("(\\d+) more (in|from)");

    final AdministeredHub hub = AdministeredHub.get();
    final String run = "flood-" + UUID.randomUUID().toString().substring(0, 8);

    private int failLogin(String source, String user) {
        return SourceHttp.get(source, hub.port(), "/crl", Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":not-the-password").getBytes(StandardCharsets.UTF_8)))).status();
    }

    @Test
    void anOutsidersFailedLoginsAreCountedInBoundedRowsAndTheFirstOneAppearsAtOnce() throws Exception {
        Instant start = Instant.now();
        assertThat(failLogin("127.0.0.60", run + "-first")).isEqualTo(401);
        assertThat(hub.auditEvents("action=LOGIN_FAILED&actor=" + run + "-first")).as("at once, before any window ends")
                .singleElement().satisfies(e -> {
                    assertThat(e.get("detail").asText()).isEqualTo("from 127.0.0.60");
                    assertThat(e.get("target").asText()).isEqualTo("basic");
                });

        // 300 more: 100 user names, each from three addresses, from six clients at once
        int attempts = 300;
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            String user = run + "-" + (i % 100);
            String source = "127.0.0." + (61 + i % 3);
            answers.add(clients.submit(() -> failLogin(source, user)));
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(401);
        }
        clients.shutdown();
        Duration flood = Duration.between(start, Instant.now());

        // every failure is accounted for once the windows have ended
        Awaitility.await("all failures counted").atMost(AdministeredHub.AUDIT_WINDOW.multipliedBy(3))
                .pollInterval(Duration.ofSeconds(1)).until(() -> counted(rows(start)) == attempts + 1);
        List<JsonNode> rows = rows(start);
        long windows = flood.toMillis() / AdministeredHub.AUDIT_WINDOW.toMillis() + 2;
        assertThat(rows.size()).as("%d rows for %d failures in %s", rows.size(), attempts + 1, flood)
                .isLessThanOrEqualTo((int) (windows * (2L * AdministeredHub.AUDIT_ROWS + 1)))
                .isLessThan(attempts / 2);
        assertThat(rows).extracting(e -> e.get("detail").asText()).anySatisfy(d -> assertThat(d)
                .contains("not itemised"));
    }

    /** The LOGIN_FAILED rows of this run since {@code start}: its user names and the rows counting the rest. */
    private List<JsonNode> rows(Instant start) {
        List<JsonNode> rows = new ArrayList<>();
        hub.auditEvents("action=LOGIN_FAILED&from=" + start).forEach(e -> {
            String actor = e.get("actor").asText();
            if (actor.startsWith(run) || actor.equals("*")) {
                rows.add(e);
            }
        });
        return rows;
    }

    /** Failures the rows stand for: one per itemised row, plus the counts of summary rows. */
    private static long counted(List<JsonNode> rows) {
        long total = 0;
        for (JsonNode row : rows) {
            Matcher more = MORE.matcher(row.get("detail").asText());
            total += more.find() ? Long.parseLong(more.group(1)) : 1;
        }
        return total;
    }
}
