package org.medsign.hub.lifecycle.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The renewal campaign's per-item UPDATE on the embedded H2 database, schema by the hub's migrations: it finds its
 * row by the primary key {@code (campaign_id, seq)}. Before V37 the profiled hub's H2 (its columns without statistics,
 * at the default selectivity of 50) planned it on the foreign key's own index on {@code campaign_id}
 * alone, so every item's update read all items of its campaign (35 % of the campaign thread's samples in the profiled
 * run; docs/performance.md "Renewal campaign").
 */
class CampaignItemPlanH2Tests {

    @TempDir
    Path work;

    @Test
    void theItemUpdateFindsItsRowByThePrimaryKey() throws SQLException {
        String url = "jdbc:h2:file:" + work.resolve("db/medsign").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            Flyway.configure().dataSource(new SingleConnectionDataSource(connection, true))
                    .locations("classpath:db/migration", "classpath:db/vendor/h2").load().migrate();
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO renewal_campaign (state, dry_run, rekey, selection, created_by, "
                        + "created_at) VALUES ('RUNNING', FALSE, TRUE, '{}', 'admin', CURRENT_TIMESTAMP)");
                statement.execute("INSERT INTO renewal_campaign_item (campaign_id, seq, old_serial, old_not_after, "
                        + "key_custody, state, updated_at) SELECT 1, \"X\", 'S' || \"X\", CURRENT_TIMESTAMP, 'HUB', "
                        + "'PLANNED', CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, 1400)");
                // the statement RenewalCampaignRepository.finishItem runs (DONE), with its parameters
                String plan = plan(connection, "EXPLAIN UPDATE renewal_campaign_item SET state = 'DONE', mode = ?, "
                        + "new_serial = ?, new_not_before = ?, updated_at = ? WHERE campaign_id = ? AND seq = ? "
                        + "AND state IN ('PLANNED', 'RUNNING')");
                // the plan's index comment: /* public.primary_key_…: campaign_id = ?5 AND seq = ?6 */
                String index = plan.substring(plan.indexOf("/*"), plan.indexOf("*/"));
                assertThat(index).containsIgnoringCase("primary_key").contains("seq")
                        .doesNotContainIgnoringCase("constraint_index");
                // V37's setting: what H2's own statistics (ANALYZE) find for a table of campaigns once enough rows
                // have changed
                try (ResultSet rs = statement.executeQuery("SELECT selectivity FROM information_schema.columns WHERE "
                        + "table_name = 'renewal_campaign_item' AND column_name = 'campaign_id'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("campaign_id's selectivity").isEqualTo(1);
                }
            }
        }
    }

    private static String plan(Connection connection, String explain) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(explain)) {
            Timestamp now = Timestamp.from(Instant.now());
            statement.setString(1, "REKEY");
            statement.setString(2, "N7");
            statement.setTimestamp(3, now);
            statement.setTimestamp(4, now);
            statement.setLong(5, 1);
            statement.setInt(6, 7);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
