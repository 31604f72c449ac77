package org.medsign.hub.lifecycle.operations;

import java.io.IOException;
import java.nio.file.Path;

import org.medsign.hub.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Routine operations on PostgreSQL ({@code MEDSIGN_TEST_PG_URL}); skipped with a message without a database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTestDatabase.Required
class RoutineOperationsPostgresIntegrationTests extends AbstractRoutineOperationsIntegrationTests {

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        PostgresTestDatabase.register(registry);
        configure(registry);
    }

    @Override
    protected Path home() {
        return home;
    }
}
