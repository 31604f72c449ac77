package org.medsign.hub.signing;

import java.io.IOException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Reminders on the embedded default: H2 files and embedded Artemis in a fresh data directory. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "medsign.signing.tasks.remind-after=PT1H", "medsign.signing.tasks.remind-every=PT4H",
        "medsign.signing.tasks.remind-scan-interval=PT1S", "medsign.signing.tasks.app-url=https://sign.hospital.example/m/"})
class SigningTaskRemindersH2IntegrationTests extends AbstractSigningTaskRemindersIntegrationTests {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        channels(registry);
    }
}
