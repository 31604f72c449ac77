package org.medsign.adapters.hl7v2;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.function.ThrowingConsumer;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.route.AdapterErrors;

/**
 * The {@code his} inbound MLLP route as the template builds it, its listener replaced by {@link #ENTRY} (AdviceWith),
 * over a stand-in gateway; not started, so that a test can advise it further.
 */
final class Hl7InboundRoute {

    /** Where a test sends the bytes a system would send over MLLP. */
    static final String ENTRY = "direct:his.inbound";
    static final String ROUTE_ID = "his.inbound.mllp";

    private Hl7InboundRoute() {
    }

    static CamelContext his(SigningGateway gateway) throws Exception {
        return his(gateway, route -> { });
    }

    static CamelContext his(SigningGateway gateway, ThrowingConsumer<AdviceWithRouteBuilder, Exception> advice)
            throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind(SigningGateway.BEAN_NAME, gateway);
        camel.addRoutes(new AdapterErrors());
        camel.addRoutes(new Hl7RouteTemplates());
        TemplatedRouteBuilder.builder(camel, Hl7RouteTemplates.INBOUND).routeId(ROUTE_ID)
                .parameter("system", "his").parameter("port", "2575").add();
        AdviceWith.adviceWith(camel, ROUTE_ID, route -> {
            route.replaceFromWith(ENTRY);
            advice.accept(route);
        });
        return camel;
    }
}
