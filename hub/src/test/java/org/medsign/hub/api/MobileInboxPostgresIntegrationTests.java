package org.medsign.hub.api;

import java.nio.file.Path;

import org.medsign.hub.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same tests on PostgreSQL ({@code MEDSIGN_TEST_PG_URL}), in a schema of their own; skipped with a visible message
 * where no database is configured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTestDatabase.Required
class MobileInboxPostgresIntegrationTests extends AbstractMobileInboxIntegrationTests {

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        PostgresTestDatabase.register(registry);
        inboxProperties(registry);
    }

    @Override
    protected Path home() {
        return home;
    }
}
