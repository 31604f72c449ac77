package org.medsign.hub.seal;

import java.nio.file.Path;

import org.medsign.hub.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seal registry on PostgreSQL ({@code MEDSIGN_TEST_PG_URL}, a fresh schema): BYTEA images and SESeals, the scope
 * table, the organisation signer; skipped visibly where no database is configured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTestDatabase.Required
class SealsPostgresIntegrationTests extends AbstractSealsIntegrationTests {

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = configure(registry);
        PostgresTestDatabase.register(registry);
    }

    @Override
    protected Path home() {
        return home;
    }
}
