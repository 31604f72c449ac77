package org.medsign.adapters.hl7v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medsign.adapters.model.SigningRequest;

/**
 * The inbound MLLP route is a sequence of steps a test can address by id ({@code his.inbound.translate} and so on):
 * woven after translate, a test sees the canonical request before the hub does; a hand-off that fails gets the
 * system its error ACK through the shared route configuration.
 */
class Hl7InboundStepsTests {

    private static final String MESSAGE = "MSH|^~\\&|HIS|HOSP|MEDSIGN|HOSP|20261127093000||MDM^T02|CTRL-9|P|2.4\r"
            + "PID|1||P123^^^HOSP^MR||ZHANG^SAN\r"
            + "TXA|1|DS|TX|20261127092500|D0001||20261127092500|||||DOC-9||||||AU||||D0001\r"
            + "OBX|1|TX|DISCHARGE^x^L||discharged||||||F\r";

    private final RecordingGateway gateway = new RecordingGateway();
    private CamelContext camel;

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void stepsRunInOrderUnderTheirIds() throws Exception {
        camel = Hl7InboundRoute.his(gateway);
        camel.start();

        List<String> ids = ((ModelCamelContext) camel).getRouteDefinition(Hl7InboundRoute.ROUTE_ID).getOutputs()
                .stream().map(ProcessorDefinition::getId).filter(id -> id.startsWith("his.inbound.")).toList();

        assertThat(ids).containsExactly("his.inbound.errors", "his.inbound.translate", "his.inbound.handoff",
                "his.inbound.answer");
    }

    @Test
    void translateLeavesTheCanonicalRequestBeforeTheHubSeesIt() throws Exception {
        List<SigningRequest> seen = new CopyOnWriteArrayList<>();
        List<Integer> acceptedBefore = new CopyOnWriteArrayList<>();
        camel = Hl7InboundRoute.his(gateway, route -> route.weaveById(".*\\.inbound\\.translate").after()
                .process(exchange -> {
                    seen.add(exchange.getMessage().getBody(SigningRequest.class));
                    acceptedBefore.add(gateway.accepted.size());
                }));
        camel.start();

        String ack = send(MESSAGE);

        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.systemId()).isEqualTo("his");
            assertThat(request.requestId()).isEqualTo("CTRL-9");
            assertThat(request.signer()).isEqualTo("D0001");
            assertThat(request.documentId()).isEqualTo("DOC-9");
        });
        assertThat(acceptedBefore).containsExactly(0);
        assertThat(gateway.accepted).hasSize(1);
        assertThat(ack).contains("MSA|AA|CTRL-9");
    }

    @Test
    void aHandOffThatFailsGetsTheSystemItsErrorAck() throws Exception {
        camel = Hl7InboundRoute.his(gateway, route -> route.weaveById(".*\\.inbound\\.handoff").replace()
                .throwException(new IllegalStateException("database down")));
        camel.start();

        String ack = send(MESSAGE);

        assertThat(ack).contains("MSA|AE|CTRL-9").contains("HUB_UNAVAILABLE").doesNotContain("database down");
        assertThat(gateway.accepted).isEmpty();
        assertThat(gateway.rejections).singleElement()
                .satisfies(rejection -> assertThat(rejection.reference()).isEqualTo("CTRL-9"));
    }

    private String send(String message) {
        Exchange exchange = camel.createProducerTemplate().send(Hl7InboundRoute.ENTRY,
                e -> e.getMessage().setBody(message.getBytes(StandardCharsets.UTF_8)));
        assertThat(exchange.getException()).isNull();
        return new String(exchange.getProperty(Hl7AckStep.MLLP_ACKNOWLEDGEMENT, byte[].class),
                StandardCharsets.UTF_8);
    }
}
