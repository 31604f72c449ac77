package org.medsign.adapters.hl7v2;

import org.apache.camel.builder.RouteBuilder;

/**
 * Route templates for HL7 v2 systems; a system's route file instantiates one with its parameters.
 *
 * <p>{@code hl7v2-mllp-inbound}: {@code system} (id), {@code port}, {@code mapping} ({@code his}: MDM^T02 defaults;
 * {@code result}: ORU^R01 defaults), {@code charset} (when MSH-18 is empty, default UTF-8), {@code maxConnections}
 * (default 32). Route id {@code <system>.inbound.mllp}; the ACK goes back on the same connection; {@code logPhi}
 * is off (component option camel.component.mllp.log-phi=false, set by the hub).
 */
public final class Hl7RouteTemplates extends RouteBuilder {

    /** Template id of the inbound MLLP route. */
    public static final String INBOUND = "hl7v2-mllp-inbound";

    @Override
    public void configure() {
        routeTemplate(INBOUND)
                .templateParameter("system")
                .templateParameter("port")
                .templateParameter("mapping", "his")
                .templateParameter("charset", "UTF-8")
                .templateParameter("maxConnections", "32")
                .templateParameter("bindAddress", "0.0.0.0")
                .from("mllp://{{bindAddress}}:{{port}}?autoAck=false&hl7Headers=false"
                        + "&maxConcurrentConsumers={{maxConnections}}&stringPayload=false&validatePayload=false")
                .routeId("{{system}}.inbound.mllp")
                .process("#class:org.medsign.adapters.hl7v2.Hl7InboundProcessor('{{system}}', '{{mapping}}', "
                        + "'{{charset}}')");
    }
}
