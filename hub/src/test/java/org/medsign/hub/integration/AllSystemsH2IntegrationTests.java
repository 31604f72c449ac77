package org.medsign.hub.integration;

import java.io.IOException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The five systems on the embedded default: H2 for the hub, the anesthesia table in an H2 file of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AllSystemsH2IntegrationTests extends AbstractAllSystemsIntegrationTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        configure(registry, null, null);
    }
}
