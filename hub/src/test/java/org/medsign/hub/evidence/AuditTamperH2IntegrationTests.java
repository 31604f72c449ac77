package org.medsign.hub.evidence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;

/**
 * The tamper tests on the embedded H2 database, in file mode with the hub's URL settings. One connection stays open
 * for the whole test, as the hub's pool does: without it every short-lived connection opens and closes the
 * database file, and writes were seen lost between such cycles in one JVM.
 */
class AuditTamperH2IntegrationTests extends AbstractAuditTamperIntegrationTests {

    private Connection keepOpen;

    @Override
    String freshDatabase() throws SQLException {
        String url = "jdbc:h2:file:" + work.resolve("db/medsign").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        keepOpen = DriverManager.getConnection(url, user(), "");
        return url;
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        keepOpen.close();
    }

    @Override
    String vendorLocation() {
        return "h2";
    }

    @Override
    String user() {
        return "sa";
    }

    @Override
    void allowTampering(Statement statement) {
        // H2 has no append-only triggers: PostgreSQL is the production database
    }
}
