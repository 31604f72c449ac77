package org.medsign.hub.api;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The app's live inbox, previews and history on the embedded default: H2 files and embedded Artemis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MobileInboxH2IntegrationTests extends AbstractMobileInboxIntegrationTests {

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
        inboxProperties(registry);
    }

    @Override
    protected Path home() {
        return home;
    }
}
