package org.medsign.hub.seal;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Visible PDF signatures through the hub on the embedded H2 database, with the demo seals. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PdfSigningH2IntegrationTests extends AbstractPdfSigningIntegrationTests {

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = AbstractSealsIntegrationTests.configure(registry);
    }

    @Override
    protected Path home() {
        return home;
    }
}
