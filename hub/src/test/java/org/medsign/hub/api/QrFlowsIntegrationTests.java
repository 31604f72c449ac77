package org.medsign.hub.api;

import org.medsign.hub.SharedHub;

/** The QR flows on the embedded default (H2 files and embedded Artemis), on the shared hub. */
@SharedHub
class QrFlowsIntegrationTests extends AbstractQrFlowsIntegrationTests {
}
