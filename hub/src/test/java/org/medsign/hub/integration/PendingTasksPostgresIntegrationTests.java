package org.medsign.hub.integration;

import java.io.IOException;

import org.medsign.hub.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The pending-task tests on PostgreSQL ({@code MEDSIGN_TEST_PG_URL}), in a schema of their own; skipped with a visible
 * message where no database is configured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "medsign.signing.tasks.expiry=PT15S", "medsign.signing.tasks.expiry-scan-interval=PT1S"})
@PostgresTestDatabase.Required
class PendingTasksPostgresIntegrationTests extends AbstractPendingTasksIntegrationTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        hubWithHisRoute(registry);
        PostgresTestDatabase.register(registry);
    }
}
