package org.medsign.hub.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.medsign.hub.PostgresTestDatabase;

/**
 * The tamper tests on PostgreSQL ({@code MEDSIGN_TEST_PG_URL}), each in a fresh schema. Tampering needs the
 * append-only triggers disabled first (as table owner): that they must be disabled shows they are there; two more
 * tests show they refuse UPDATE, DELETE and TRUNCATE even for a superuser in replica mode.
 */
@PostgresTestDatabase.Required
class AuditTamperPostgresIntegrationTests extends AbstractAuditTamperIntegrationTests {

    private String schema;

    @Override
    String freshDatabase() throws SQLException {
        schema = "medsign_audit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String base = System.getenv("MEDSIGN_TEST_PG_URL");
        try (Connection connection = DriverManager.getConnection(base, user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    void configure(FluentConfiguration flyway) {
        flyway.schemas(schema).defaultSchema(schema);
    }

    @Override
    String vendorLocation() {
        return "postgresql";
    }

    @Override
    String user() {
        String value = System.getenv("MEDSIGN_TEST_PG_USER");
        return value == null || value.isEmpty() ? "postgres" : value;
    }

    @Override
    void allowTampering(Statement statement) throws SQLException {
        statement.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
        statement.execute("ALTER TABLE audit_anchor DISABLE TRIGGER audit_anchor_append_only");
    }

    @Test
    void triggersRefuseUpdateDeleteAndTruncateOfAuditRows() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user(), password());
             Statement statement = connection.createStatement()) {
            for (String sql : new String[] {
                    "UPDATE audit_event SET detail = 'x' WHERE seq = 10",
                    "DELETE FROM audit_event WHERE seq = 10",
                    "TRUNCATE audit_event",
                    "UPDATE audit_anchor SET heads = 'x'",
                    "DELETE FROM audit_anchor"}) {
                assertThatThrownBy(() -> statement.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .hasMessageContaining("audit rows are append-only");
            }
        }
        assertThat(verify().exit()).isZero();
    }

    @Test
    void replicaModeDoesNotBypassTheTriggers() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            assertThatThrownBy(() -> statement.execute("DELETE FROM audit_event WHERE seq = 10"))
                    .hasMessageContaining("audit rows are append-only");
        }
    }
}
