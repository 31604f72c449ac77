package org.medsign.adapters.hl7v2;

import org.apache.camel.builder.RouteBuilder;

/**
 * Route templates for HL7 v2 systems; a system's route file instantiates one with its parameters.
 *
 * <p>{@code hl7v2-mllp-inbound}: {@code system} (id), {@code port}, {@code mapping} ({@code his}: MDM^T02 defaults;
 * {@code result}: ORU^R01 defaults), {@code charset} (when MSH-18 is empty, default UTF-8), {@code maxConnections}
 * (default 32), {@code bindAddress} (default 0.0.0.0), {@code allowedAddresses} (comma-separated client IPs or
 * prefixes; empty = any), {@code replyEndpoint} (where results go, e.g. {@code direct:his.outbound.result}; empty =
 * no result message). Route id {@code <system>.inbound.mllp}; the ACK goes back on the same connection;
 * {@code logPhi} is off (component option camel.component.mllp.log-phi=false, set by the hub).
 *
 * <p>{@code hl7v2-mllp-outbound}: {@code system}, {@code host}, {@code port}, {@code charset} (for messages without
 * MSH-18), {@code connectTimeout}, {@code receiveTimeout}. Consumes the hub's {@code SigningResult} from
 * {@code direct:<system>.outbound.result} and sends MDM^T04 / the signed ORU^R01.
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
                .templateParameter("backlog", "128")
                .templateParameter("bindAddress", "0.0.0.0")
                .templateParameter("replyEndpoint", "")
                .templateParameter("allowedAddresses", "")
                .from("mllp://{{bindAddress}}:{{port}}?autoAck=false&hl7Headers=false"
                        + "&maxConcurrentConsumers={{maxConnections}}&backlog={{backlog}}&stringPayload=false"
                        + "&validatePayload=false")
                .routeId("{{system}}.inbound.mllp")
                .process("#class:org.medsign.adapters.hl7v2.Hl7InboundProcessor('{{system}}', '{{mapping}}', "
                        + "'{{charset}}', '{{replyEndpoint}}', '{{allowedAddresses}}')");

        // Result messages built by the hub go to the system's listener; camel-mllp checks the ACK (AE/AR and
        // timeouts are exceptions), so the hub's transacted reply queue retries and then dead-letters.
        routeTemplate(OUTBOUND)
                .templateParameter("system")
                .templateParameter("host", "127.0.0.1")
                .templateParameter("port")
                .templateParameter("connectTimeout", "5000")
                .templateParameter("receiveTimeout", "15000")
                .templateParameter("charset", "UTF-8")
                .from("direct:{{system}}.outbound.result")
                .routeId("{{system}}.outbound.mllp")
                .process("#class:org.medsign.adapters.hl7v2.Hl7ResultProcessor('{{charset}}')")
                .to("mllp://{{host}}:{{port}}?connectTimeout={{connectTimeout}}&receiveTimeout={{receiveTimeout}}"
                        + "&hl7Headers=false");
    }
}
