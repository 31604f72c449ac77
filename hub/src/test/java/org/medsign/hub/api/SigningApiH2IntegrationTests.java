package org.medsign.hub.api;

import org.medsign.hub.SharedHub;

/** The signing API on the embedded default (H2 files and embedded Artemis), on the shared hub. */
@SharedHub
class SigningApiH2IntegrationTests extends AbstractSigningApiIntegrationTests {
}
