package org.medsign.hub.lifecycle.operations;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutineOperationsH2IntegrationTests extends AbstractRoutineOperationsIntegrationTests {

    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        home = freshHome(registry);
        configure(registry);
    }

    @Override
    protected Path home() {
        return home;
    }
}
