package org.medsign.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.medsign.hub.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Failed authentications are rate-limited per address (429 while locked out) and audited. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"medsign.security.max-failed-authentications=3", "medsign.security.lockout=PT3S",
                "medsign.demo.enabled=true"})
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AuthenticationLockoutIntegrationTests extends HubTestSupport {

    static Path home;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = freshHome(registry);
    }

    @Override
    protected Path home() {
        return home;
    }

    private int withKey(String key) {
        return send(HttpRequest.newBuilder(uri("/api/v1/tasks")).header("X-Medsign-Api-Key", key).GET().build())
                .statusCode();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void repeatedFailuresLockTheAddressOutThenItRecovers() {
        assertThat(withKey("wrong-1")).isEqualTo(401);
        assertThat(withKey("wrong-2")).isEqualTo(401);
        assertThat(withKey("wrong-3")).isEqualTo(401);
        assertThat(withKey(demoKey())).as("even the right key is refused while locked out").isEqualTo(429);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/tasks")).header("Authorization", "Basic c3lzYWRtaW46eA==")
                .GET().build()).statusCode()).isEqualTo(429);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> withKey(demoKey()) == 200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE action = 'LOGIN_FAILED'").query(Integer.class)
                .single()).isEqualTo(3);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void wrongAdministratorPasswordIsAuditedWithoutThePassword() {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("secadmin:Sup3rSecretGuess".getBytes())).GET().build();
        int status = send(request).statusCode();
        assertThat(status).isIn(401, 429);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE detail LIKE '%Sup3rSecretGuess%'")
                .query(Integer.class).single()).isZero();
    }
}
