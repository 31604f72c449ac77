package org.medsign.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.hub.MedsignHubApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The hub's life in the audit chain: a hub started on a fresh data directory records its start (version, node), the
 * migrations it applied and its route load; closed in order it records its stop with the uptime; started again on
 * the same data directory it records a second start and no migrations (the schema is current).
 */
class OperationsEventsIntegrationTests {

    @TempDir
    Path home;

    private ConfigurableApplicationContext start(String node) throws Exception {
        Path routes = Files.createDirectories(home.resolveSibling(home.getFileName() + "-routes"));
        return new SpringApplicationBuilder(MedsignHubApplication.class).run("--server.port=0",
                "--medsign.home=" + home, "--medsign.node=" + node, "--medsign.routes.dir=" + routes,
                "--medsign.security.admin-password=Test-admin-2026", "--medsign.demo.seals=false");
    }

    private record Row(long seq, String action, String detail) {
    }

    /** The node's chain read straight from the H2 files, after the hub has closed them. */
    private List<Row> chain(String node) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + home.resolve("db").resolve("medsign")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT seq, action, detail FROM audit_event WHERE node = '"
                     + node + "' ORDER BY seq")) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return rows;
    }

    private static List<String> actions(List<Row> rows) {
        return rows.stream().map(Row::action).toList();
    }

    private static Row only(List<Row> rows, String action) {
        List<Row> found = rows.stream().filter(r -> r.action().equals(action)).toList();
        assertThat(found).as(action).hasSize(1);
        return found.get(0);
    }

    @Test
    void startMigrationsRouteLoadAndOrderlyStopAreInTheChain() throws Exception {
        String node = "ops-events-test";
        try (ConfigurableApplicationContext hub = start(node)) {
            assertThat(hub.isActive()).isTrue();
        }
        List<Row> first = chain(node);
        assertThat(actions(first)).contains(OperationsEvents.STARTED, OperationsEvents.MIGRATIONS_APPLIED,
                "ROUTES_LOADED", OperationsEvents.STOPPED);
        Row started = only(first, OperationsEvents.STARTED);
        assertThat(started.detail()).contains("version=", "node=" + node, "java=");
        assertThat(only(first, OperationsEvents.MIGRATIONS_APPLIED).detail()).contains("first=V1", "versions=V1,V2,");
        assertThat(only(first, "ROUTES_LOADED").detail()).contains("trigger=start files=0");
        Row stopped = only(first, OperationsEvents.STOPPED);
        assertThat(stopped.detail()).containsPattern("uptime=PT[0-9HMS.]+").contains("node=" + node);
        assertThat(stopped.seq()).as("the stop is the node's last event").isEqualTo(first.get(first.size() - 1).seq());

        try (ConfigurableApplicationContext again = start(node)) {
            assertThat(again.isActive()).isTrue();
        }
        List<Row> second = chain(node);
        assertThat(second.stream().filter(r -> r.action().equals(OperationsEvents.STARTED))).hasSize(2);
        assertThat(second.stream().filter(r -> r.action().equals(OperationsEvents.STOPPED))).hasSize(2);
        assertThat(second.stream().filter(r -> r.action().equals(OperationsEvents.MIGRATIONS_APPLIED)))
                .as("nothing to migrate the second time").hasSize(1);
        assertThat(second.stream().filter(r -> r.action().equals(OperationsEvents.STARTED)).toList().get(1).detail())
                .contains("migrationsApplied=0");
    }
}
