package org.medsign.hub.api;

import org.medsign.hub.SharedPostgresHub;

/**
 * The same tests on PostgreSQL ({@code MEDSIGN_TEST_PG_URL}), on the shared PostgreSQL hub (a schema of its own);
 * skipped with a visible message where no database is configured.
 */
@SharedPostgresHub
class SigningApiPostgresIntegrationTests extends AbstractSigningApiIntegrationTests {
}
