package org.medsign.benchmarks.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The million-event run in small: fill, verify with the real CLI, report (the full run is manual, see docs). */
class AuditChainLoadTests {

    @Test
    void filledChainVerifiesThroughTheCliAndIsReported(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("medsign") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        AuditChainLoad.Result result;
        // one connection held open, as a running hub holds its pool: the file is not closed and reopened between steps
        try (var keepOpen = java.sql.DriverManager.getConnection(url, "sa", "")) {
            result = AuditChainLoad.run(url, "sa", null, 20_000, 2);
        }

        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("audit chain intact: 20000 events checked (2 nodes, 0 anchors verified)");
        assertThat(result.verifyPerSecond()).isPositive();
        assertThat(result.rawSm3PerSecond()).isPositive();
        assertThat(result.markdown()).startsWith("| 20,000 |");
    }

    @Test
    void syntheticChainStartsAtGenesisAndLinks() {
        var events = SyntheticAuditChain.events("n", 3);
        assertThat(events.get(0).prevHash()).isEqualTo("0".repeat(64));
        assertThat(events.get(1).prevHash()).isEqualTo(events.get(0).hash());
        assertThat(events.get(2).computedHash()).isEqualTo(events.get(2).hash());
    }
}
