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
    /** Template id of the outbound MLLP route (result messages to the system). */
    public static final String OUTBOUND = "hl7v2-mllp-outbound";

    @Override
    public void configure() {
        routeTemplate(INBOUND)
                .templateParameter("system")
                .templateParameter("port")
                .templateParameter("mapping", "his")
                .templateParameter("charset", "UTF-8")
                .templateParameter("maxConnections", "32")
                .templateParameter("bindAddress", "0.0.0.0")
                .templateParameter("replyEndpoint", "")
                .from("mllp://{{bindAddress}}:{{port}}?autoAck=false&hl7Headers=false"
                        + "&maxConcurrentConsumers={{maxConnections}}&stringPayload=false&validatePayload=false")
                .routeId("{{system}}.inbound.mllp")
                .process("#class:org.medsign.adapters.hl7v2.Hl7InboundProcessor('{{system}}', '{{mapping}}', "
                        + "'{{charset}}', '{{replyEndpoint}}')");

        // Result messages built by the hub go to the system's listener; camel-mllp checks the ACK (AE/AR and
        // timeouts are exceptions), so the hub's transacted reply queue retries and then dead-letters.
        routeTemplate(OUTBOUND)
                .templateParameter("system")
                .templateParameter("host", "127.0.0.1")
                .templateParameter("port")
                .templateParameter("connectTimeout", "5000")
                .templateParameter("receiveTimeout", "15000")
                .from("direct:{{system}}.outbound.result")
                .routeId("{{system}}.outbound.mllp")
                .to("mllp://{{host}}:{{port}}?connectTimeout={{connectTimeout}}&receiveTimeout={{receiveTimeout}}"
                        + "&hl7Headers=false");
    }
}
