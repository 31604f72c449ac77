package org.medsign.adapters.httpjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medsign.adapters.http.HttpCaller;
import org.medsign.adapters.model.PeerRefusal;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestOutcome;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.route.AdapterErrors;

/**
 * The HTTP JSON route is the shared synchronous-HTTP route with JSON words: its steps are addressable by id; woven
 * after translate, a test sees the canonical request; a hand-off that fails gets the caller a 503 in the system's JSON.
 */
class JsonRouteStepsTests {

    private static final String BODY = "{\"requestId\":\"N-1\",\"signer\":\"D0005\",\"documentId\":\"NR-1\","
            + "\"content\":\"" + Base64.getEncoder().encodeToString("note".getBytes(StandardCharsets.UTF_8)) + "\"}";

    private final List<SigningRequest> waited = new CopyOnWriteArrayList<>();
    private final List<Rejection> rejections = new CopyOnWriteArrayList<>();
    private CamelContext camel;

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void translateLeavesTheCanonicalRequestAndTheCallerGets202WhileSigning() throws Exception {
        List<SigningRequest> seen = new CopyOnWriteArrayList<>();
        start(route -> route.weaveById(".*\\.inbound\\.translate").after()
                .process(exchange -> seen.add(exchange.getMessage().getBody(SigningRequest.class))));

        Exchange answer = post(BODY);

        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.systemId()).isEqualTo("nursing");
            assertThat(request.requestId()).isEqualTo("N-1");
            assertThat(request.signer()).isEqualTo("D0005");
        });
        assertThat(waited).hasSize(1);
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(202);
        assertThat(answer.getMessage().getBody(String.class)).contains("\"status\":\"IN_PROGRESS\"");
    }

    @Test
    void aHandOffThatFailsGetsTheCallerItsErrorAnswer() throws Exception {
        start(route -> route.weaveById(".*\\.inbound\\.handoff").replace()
                .throwException(new IllegalStateException("broker down")));

        Exchange answer = post(BODY);

        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(503);
        assertThat(answer.getMessage().getBody(String.class)).contains("\"status\":\"REJECTED\"")
                .contains("\"requestId\":\"N-1\"").contains("\"code\":\"HUB_UNAVAILABLE\"")
                .doesNotContain("broker down");
        assertThat(waited).isEmpty();
        assertThat(rejections).singleElement()
                .satisfies(rejection -> assertThat(rejection.reference()).isEqualTo("N-1"));
    }

    private void start(org.apache.camel.util.function.ThrowingConsumer<org.apache.camel.builder.AdviceWithRouteBuilder,
            Exception> advice) throws Exception {
        camel = new DefaultCamelContext();
        camel.getRegistry().bind(SigningGateway.BEAN_NAME, new WaitingGateway());
        camel.addRoutes(new AdapterErrors());
        camel.addRoutes(new HttpJsonRouteTemplates());
        TemplatedRouteBuilder.builder(camel, HttpJsonRouteTemplates.INBOUND).routeId("nursing.inbound.httpjson")
                .parameter("system", "nursing").add();
        AdviceWith.adviceWith(camel, "nursing.inbound.httpjson", route -> {
            route.replaceFromWith("direct:nursing");
            advice.accept(route);
        });
        camel.start();
    }

    private Exchange post(String body) {
        return camel.createProducerTemplate().send("direct:nursing", exchange -> {
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setHeader(Exchange.HTTP_URI, "/adapters/nursing/sign");
            exchange.getMessage().setHeader(HttpCaller.API_KEY_HEADER, "nursing-key");
            exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        });
    }

    /** The hub as the route sees it: knows one key, and every request is still being signed. */
    private final class WaitingGateway implements SigningGateway {

        @Override
        public RequestStatus accept(SigningRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RequestStatus accept(SigningRequest request, ReplyContext reply) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RequestOutcome acceptAndWait(SigningRequest request) {
            waited.add(request);
            return new RequestOutcome(RequestStatus.RECEIVED, null, null, null);
        }

        @Override
        public Optional<String> authenticate(String apiKey, String clientAddress) {
            return "nursing-key".equals(apiKey) ? Optional.of("nursing") : Optional.empty();
        }

        @Override
        public void rejected(Rejection rejection) {
            rejections.add(rejection);
        }

        @Override
        public void peerRefused(PeerRefusal refusal) {
        }
    }
}
