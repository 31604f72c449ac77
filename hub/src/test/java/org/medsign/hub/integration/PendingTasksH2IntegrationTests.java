package org.medsign.hub.integration;

import java.io.IOException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The pending-task tests on the embedded H2. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "medsign.signing.tasks.expiry=PT15S", "medsign.signing.tasks.expiry-scan-interval=PT1S"})
class PendingTasksH2IntegrationTests extends AbstractPendingTasksIntegrationTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        hubWithHisRoute(registry);
    }
}
