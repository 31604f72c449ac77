package org.medsign.hub.evidence;

import java.nio.file.Path;

import org.medsign.hub.PostgresTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The audit chain in a running hub on PostgreSQL (fresh schema; the V6 triggers are in place). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@PostgresTestDatabase.Required
class AuditApiPostgresIntegrationTests extends AbstractAuditApiIntegrationTests {

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        PostgresTestDatabase.register(registry);
        auditSchedule(registry);
    }

    @Override
    protected Path home() {
        return home;
    }
}
