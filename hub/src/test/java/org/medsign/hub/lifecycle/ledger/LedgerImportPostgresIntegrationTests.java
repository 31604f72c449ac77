package org.medsign.hub.lifecycle.ledger;

import java.nio.file.Path;

import org.medsign.hub.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same on PostgreSQL ({@code MEDSIGN_TEST_PG_URL}), in a schema of its own; skipped visibly without it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTestDatabase.Required
class LedgerImportPostgresIntegrationTests extends AbstractLedgerImportIntegrationTests {

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
