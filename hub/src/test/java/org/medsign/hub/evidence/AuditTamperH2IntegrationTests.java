package org.medsign.hub.evidence;

import java.sql.Statement;

/** The tamper tests on the embedded H2 database, in file mode with the hub's URL settings. */
class AuditTamperH2IntegrationTests extends AbstractAuditTamperIntegrationTests {

    @Override
    String freshDatabase() {
        return "jdbc:h2:file:" + work.resolve("db/medsign").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    @Override
    String vendorLocation() {
        return "h2";
    }

    @Override
    String user() {
        return "sa";
    }

    @Override
    void allowTampering(Statement statement) {
        // H2 has no append-only triggers: PostgreSQL is the production database
    }
}
