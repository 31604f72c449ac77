package org.medsign.hub.integration;

import java.io.IOException;

import org.medsign.hub.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The five systems with PostgreSQL ({@code MEDSIGN_TEST_PG_URL}) for the hub, and the anesthesia intermediate table in
 * PostgreSQL too (a schema of its own, as a system's database would be); skipped with a message without a database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTestDatabase.Required
class AllSystemsPostgresIntegrationTests extends AbstractAllSystemsIntegrationTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String schema = PostgresTestDatabase.register(registry);
        String url = System.getenv("MEDSIGN_TEST_PG_URL");
        String user = System.getenv().getOrDefault("MEDSIGN_TEST_PG_USER", "postgres");
        configure(registry, url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user);
    }
}
