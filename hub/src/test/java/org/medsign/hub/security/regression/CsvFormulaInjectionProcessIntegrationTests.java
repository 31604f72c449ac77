package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Finding 9 (f): CSV exports carried attacker-chosen text into spreadsheets as formulas. Planted through paths an
 * outsider or a roster file controls — staff names and departments through a ledger import (the inventory export),
 * user names of failed logins (the audit export) — {@code =HYPERLINK(…)}, {@code +cmd…}, {@code -2+3} and
 * {@code @SUM(…)} now come out with a leading single quote (shown as text), while a plain number such as {@code -5}
 * stays a number; and no cell of either export begins with a formula character.
 */
class CsvFormulaInjectionProcessIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PLANTED = List.of("=HYPERLINK(\"evil.example\",\"click\")",
            "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)");
    private static final Pattern FORMULA_START = Pattern.compile("^[=+\\-@\\t\\r\uFF1D\uFF0B\uFF0D\uFF20].*",
            Pattern.DOTALL);
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private final ProbedHub hub = ProbedHub.get();

    @Test
    void staffNamesFromALedgerImportAreNeutralisedInTheInventoryExport() throws Exception {
        String prefix = "CSV" + System.nanoTime() % 1_000_000;
        StringBuilder staff = new StringBuilder("staff_id,name,id_card_no,department,post,employment_status,mobile\n");
        StringBuilder accounts = new StringBuilder("system,account,staff_id\n");
        for (int i = 0; i < PLANTED.size(); i++) {
            String department = i == 0 ? "=1+1" : i == 2 ? "-5" : "心内科";
            staff.append(prefix).append(i).append(',').append(csvField(PLANTED.get(i))).append(",,")
                    .append(department).append(",住院医师,active,\n");
            accounts.append("demo,").append(prefix).append(i).append(',').append(prefix).append(i).append('\n');
        }
        HttpResponse<String> imported = send(HttpRequest.newBuilder(hub.process().uri("/api/v1/ledger/import"))
                .header("Authorization", ProbeAdministrators.basic(hub, "secadmin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of(
                        "staffCsv", staff.toString(), "accountsCsv", accounts.toString())))));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(JSON.readTree(imported.body()).path("staff").path("created").asInt()).isEqualTo(PLANTED.size());

        HttpResponse<String> export = send(HttpRequest.newBuilder(hub.process()
                .uri("/api/v1/ledger/inventory?format=csv")).header("Authorization",
                ProbeAdministrators.basic(hub, "auditadmin")).GET());
        assertThat(export.statusCode()).isEqualTo(200);
        List<List<String>> rows = parse(export.body());
        List<String> header = rows.get(0);
        int staffId = header.indexOf("staff_id");
        int name = header.indexOf("name");
        int department = header.indexOf("department");
        for (int i = 0; i < PLANTED.size(); i++) {
            String id = prefix + i;
            List<String> row = rows.stream().filter(r -> r.size() > staffId && r.get(staffId).equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no inventory row for " + id + " (missing certificate)"));
            assertThat(row.get(name)).isEqualTo("'" + PLANTED.get(i));
            if (i == 0) {
                assertThat(row.get(department)).isEqualTo("'=1+1");
            }
            if (i == 2) {
                assertThat(row.get(department)).as("a plain number stays a number").isEqualTo("-5");
            }
        }
        assertThat(formulaCells(rows)).isEmpty();
    }

    @Test
    void userNamesOfFailedLoginsAreNeutralisedInTheAuditExport() throws Exception {
        for (String user : PLANTED) {
            // from 127.0.0.2, so that the lock-out of failed logins cannot touch the other tests' address
            assertThat(failedLoginFrom127002(user)).isEqualTo(401);
        }
        HttpResponse<String> export = send(HttpRequest.newBuilder(hub.process()
                        .uri("/api/v1/audit/events?action=LOGIN_FAILED&size=10000&format=csv"))
                .header("Authorization", ProbeAdministrators.basic(hub, "auditadmin")).GET());
        assertThat(export.statusCode()).isEqualTo(200);
        List<List<String>> rows = parse(export.body());
        List<String> cells = rows.stream().flatMap(List::stream).toList();
        for (String user : PLANTED) {
            assertThat(cells).as("the failed login of %s, neutralised", user).contains("'" + user)
                    .doesNotContain(user);
        }
        assertThat(formulaCells(rows)).isEmpty();
    }

    /** Cells a spreadsheet would evaluate: starting with a formula character and not a plain number. */
    private static List<String> formulaCells(List<List<String>> rows) {
        return rows.stream().flatMap(List::stream)
                .filter(cell -> FORMULA_START.matcher(cell).matches() && !PLAIN_NUMBER.matcher(cell).matches())
                .toList();
    }

    /** A Basic login with a wrong password, over a socket whose source address is 127.0.0.2; the HTTP status. */
    private int failedLoginFrom127002(String user) throws IOException {
        String basic = Base64.getEncoder().encodeToString((user + ":wrong-password")
                .getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", hub.process().port()), 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /api/v1/audit/verification HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Basic " + basic + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    /** RFC 4180 records (a leading byte-order mark ignored). */
    private static List<List<String>> parse(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < body.length() && body.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
