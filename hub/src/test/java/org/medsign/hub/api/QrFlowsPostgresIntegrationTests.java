package org.medsign.hub.api;

import org.medsign.hub.SharedPostgresHub;

/**
 * The same QR flows on PostgreSQL ({@code MEDSIGN_TEST_PG_URL}), on the shared PostgreSQL hub: the login challenge's
 * single use (the row locked while it is confirmed) on this database; skipped with a visible message where no database
 * is configured.
 */
@SharedPostgresHub
class QrFlowsPostgresIntegrationTests extends AbstractQrFlowsIntegrationTests {
}
