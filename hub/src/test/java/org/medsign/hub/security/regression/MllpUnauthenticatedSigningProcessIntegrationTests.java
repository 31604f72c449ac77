package org.medsign.hub.security.regression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue #11, finding 1: anyone who could reach an MLLP port got documents signed as any clinician. A forged MDM^T02
 * naming D0001 (TXA-22) sent to the shipped HIS route from a host outside its allowlist ({@code 127.0.0.1}) now gets
 * no HL7 answer, leaves no request behind and is audited {@code MLLP_PEER_REFUSED}; the same message from the allowed
 * address is accepted, which shows the probe reached the route.
 */
class MllpUnauthenticatedSigningProcessIntegrationTests {

    static byte[] forgedMdm(String controlId) {
        return ("MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02^MDM_T02|" + controlId + "|P|2.4\r"
                + "EVN|T02|20261127093000\r"
                + "PID|1||P990001^^^HOSP^MR||ATTACKER^FORGED\r"
                + "TXA|1|DS|TX|20261127092500|D0001^Forged^Doctor||20261127092500|||||DOC-" + controlId
                + "||||||AU||||D0001^Forged^Doctor\r"
                + "OBX|1|TX|DISCHARGE^Discharge summary^L||Forged discharge summary.||||||F\r")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aForgedMdmT02FromAHostOutsideTheAllowlistIsNotSignedAndIsAudited() throws Exception {
        ProbedHub hub = ProbedHub.get();
        int his = hub.port(2575);
        String forged = "FORGED" + System.nanoTime();

        Optional<String> answer = MllpProbe.sendFrom("127.0.0.2", his, forgedMdm(forged));

        assertThat(answer).as("no HL7 answer at all: the connection is reset before anything is read").isEmpty();
        List<JsonNode> refused = Awaitility.await("MLLP_PEER_REFUSED in the audit chain")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> ProbedHubApi.auditEvents(hub, "MLLP_PEER_REFUSED", "his"), events -> events.stream()
                        .anyMatch(e -> e.path("detail").asText().startsWith("127.0.0.2")));
        JsonNode event = refused.stream().filter(e -> e.path("detail").asText().startsWith("127.0.0.2"))
                .findFirst().orElseThrow();
        assertThat(event.path("outcome").asText()).isEqualTo("DENIED");
        assertThat(event.path("detail").asText()).doesNotContain("FORGED").doesNotContain("D0001");
        assertThat(ProbedHubApi.requestStatus(hub, "his", forged)).as("the hub has no such request").isEqualTo(404);

        Optional<String> allowed = MllpProbe.sendFrom("127.0.0.1", his, forgedMdm(forged));
        assertThat(allowed).as("the same message from the allowed address reaches the route").isPresent();
        assertThat(MllpProbe.field(allowed.get(), "MSA", 1)).as(allowed.get()).isEqualTo("AA");
        assertThat(MllpProbe.field(allowed.get(), "MSA", 2)).isEqualTo(forged);
        assertThat(ProbedHubApi.requestStatus(hub, "his", forged)).isIn(200, 202);
    }
}
