package org.medsign.hub.seal;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The seal registry on the embedded H2 database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SealsH2IntegrationTests extends AbstractSealsIntegrationTests {

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = configure(registry);
    }

    @Override
    protected Path home() {
        return home;
    }
}
