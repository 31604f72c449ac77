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
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.hub.HubProcess;

/**
 * A hub on the embedded default stopped as a service manager stops it (SIGTERM) writes its orderly stop to the audit
 * chain. The annual report's availability tells a planned stop from a crash by that event; the embedded H2 must not
 * be closed by its own shutdown hook while the hub is still writing it (it was: "Could not write HUB_STOPPED").
 */
class OrderlyStopProcessIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void sigtermRecordsTheOrderlyStopInTheAuditChain() throws Exception {
        Path home = dir.resolve("home");
        HubProcess hub = new HubProcess(home, Map.of("MEDSIGN_ADMIN_PASSWORD", "Orderly-stop-2026"));
        try {
            hub.start();
            hub.stop(); // SIGTERM, and wait for the exit
        } finally {
            hub.close();
        }
        List<String> actions = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + home.resolve("db").resolve("medsign")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT action FROM audit_event WHERE action LIKE 'HUB_%' "
                     + "ORDER BY node, seq")) {
            while (rs.next()) {
                actions.add(rs.getString(1));
            }
        }
        assertThat(actions).containsExactly(OperationsEvents.STARTED, OperationsEvents.STOPPED);
        assertThat(Files.readString(hub.log())).doesNotContain("Could not write " + OperationsEvents.STOPPED);
    }
}
