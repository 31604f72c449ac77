package org.medsign.hub.ops;

import java.nio.file.Path;

import org.medsign.hub.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The annual report on PostgreSQL ({@code MEDSIGN_TEST_PG_URL}), in a schema of its own (the per-month
 * {@code SUM(CASE …)} scan, the year-bounded GROUP BYs); skipped with a visible message where no database is configured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTestDatabase.Required
class AnnualReportPostgresIntegrationTests extends AbstractAnnualReportIntegrationTests {

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        PostgresTestDatabase.register(registry);
    }

    @Override
    protected Path home() {
        return home;
    }
}
