package org.medsign.hub.signing;

import java.io.IOException;

import org.medsign.hub.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same test on PostgreSQL ({@code MEDSIGN_TEST_PG_URL}), in a schema of its own; skipped with a visible message
 * where no database is configured.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "medsign.signing.tasks.remind-after=PT1H", "medsign.signing.tasks.remind-every=PT4H",
        "medsign.signing.tasks.remind-scan-interval=PT1S", "medsign.signing.tasks.app-url=https://sign.hospital.example/m/"})
@PostgresTestDatabase.Required
class SigningTaskRemindersPostgresIntegrationTests extends AbstractSigningTaskRemindersIntegrationTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        channels(registry);
        PostgresTestDatabase.register(registry);
    }
}
