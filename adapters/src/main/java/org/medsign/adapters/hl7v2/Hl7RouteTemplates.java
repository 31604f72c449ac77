package org.medsign.adapters.hl7v2;

import java.time.Duration;
import java.util.function.Function;

import org.apache.camel.RouteTemplateContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.medsign.adapters.hl7v2.mllp.GuardedMllpComponent;
import org.medsign.adapters.hl7v2.mllp.MllpConnections;
import org.medsign.adapters.hl7v2.mllp.MllpPeerGuard;
import org.medsign.adapters.model.TemplateParameters;
import org.medsign.adapters.route.AcceptStep;
import org.medsign.adapters.route.AdapterErrors;
import org.medsign.adapters.route.InboundSteps;

/**
 * Route templates for HL7 v2 systems; a system's route file instantiates one with its parameters.
 *
 * <p>{@code hl7v2-mllp-inbound}: {@code system} (id), {@code port}, {@code mapping} ({@code his}: MDM^T02 defaults;
 * {@code result}: ORU^R01 defaults), {@code charset} (when MSH-18 is empty, default UTF-8), {@code replyEndpoint}
 * (where results go, e.g. {@code direct:his.outbound.result}; empty = no result message). Who may connect, checked
 * at accept time before anything is read: {@code allowedAddresses} (comma-separated IP addresses and CIDR blocks;
 * empty = loopback only, {@code 0.0.0.0/0, ::/0} = anyone), {@code maxConnectionsPerAddress} (16),
 * {@code maxConnections} (32 in all), {@code bindAddress} (default {@code medsign.mllp.bind-address}, 0.0.0.0).
 * Timeouts in ms: {@code idleTimeout} (300000: an idle connection is reset), {@code receiveTimeout} (15000),
 * {@code readTimeout} (5000, within a frame). Limits checked before HAPI parses ({@link Hl7Limits}, AR when hit):
 * {@code maxMessageBytes}, {@code maxSegments}, {@code maxRepetitions}, {@code maxComponents},
 * {@code maxSubcomponents}, {@code parseTimeout}. Route id {@code <system>.inbound.mllp}, steps
 * {@code <system>.inbound.errors} ({@link Hl7ErrorAck}), {@code .translate} ({@link Hl7TranslateStep}),
 * {@code .handoff} ({@code AcceptStep}) and {@code .answer} ({@link Hl7AckStep}); the ACK goes back on the same
 * connection; payloads are never logged.
 *
 * <p>{@code hl7v2-mllp-outbound}: {@code system}, {@code host}, {@code port}, {@code charset} (for messages without
 * MSH-18), {@code connectTimeout}, {@code receiveTimeout}, {@code connections} (1: how many connections the hub may
 * hold open to the system's listener and send over at once, up to 32; {@link MllpConnections}). Consumes the hub's
 * {@code SigningResult} from {@code direct:<system>.outbound.result} and sends MDM^T04 / the signed ORU^R01; the
 * sending step is {@code <system>.outbound.send}.
 *
 * <p>{@code hl7v2-mfn-outbound}: {@code system}, {@code host}, {@code port}, {@code charset}, {@code connectTimeout},
 * {@code receiveTimeout}. Consumes certificate status changes from {@code direct:<system>.outbound.status} and sends
 * them as MFN^M02 ({@link Hl7StatusMessage}); route id {@code <system>.status.mllp}.
 *
 * <p>{@code hl7v2-mllp-tls-inbound} / {@code hl7v2-mllp-tls-outbound}: the same over TLS 1.2/1.3 (route ids
 * {@code <system>.inbound.mllps} / {@code <system>.outbound.mllps}), with {@code keystore}, {@code keystorePassword},
 * {@code truststore}, {@code truststorePassword} (PKCS#12 files; see {@link MllpTls}). On the listener, {@code hub} as
 * the key store takes this node's HTTPS credential, and {@code hub} as the trust store admits only client
 * certificates the hub's TLS CA issued to this route's system ({@code POST /api/v1/ledger/systems/{id}/tls-certificate}).
 */
public final class Hl7RouteTemplates extends RouteBuilder {

    /** Template id of the inbound MLLP route. */
    public static final String INBOUND = "hl7v2-mllp-inbound";
    /** Template id of the outbound MLLP route (result messages to the system). */
    public static final String OUTBOUND = "hl7v2-mllp-outbound";
    /** Template id of the certificate status route (MFN^M02 over MLLP). */
    public static final String STATUS_OUTBOUND = "hl7v2-mfn-outbound";
    /** Template id of the inbound MLLP route over TLS. */
    public static final String TLS_INBOUND = "hl7v2-mllp-tls-inbound";
    /** Template id of the outbound MLLP route over TLS. */
    public static final String TLS_OUTBOUND = "hl7v2-mllp-tls-outbound";
    /** Largest ACK a sending route reads (camel-mllp would read up to 1 GiB). */
    static final int ACK_READ_LIMIT = 1024 * 1024;

    @Override
    public void configure() {
        inbound(INBOUND, "mllp", "");
        inbound(TLS_INBOUND, "mllps", "&sslContextParameters=#{{tlsContext}}")
                .templateParameter("keystore")
                .templateParameter("keystorePassword", "")
                .templateParameter("truststore", "")
                .templateParameter("truststorePassword", "")
                .templateBean("tlsContext", SSLContextParameters.class, rtc -> MllpTls.server(rtc.getCamelContext(),
                        TemplateParameters.text(rtc, "system"),
                        TemplateParameters.text(rtc, "keystore"), TemplateParameters.text(rtc, "keystorePassword"),
                        TemplateParameters.text(rtc, "truststore"), TemplateParameters.text(rtc, "truststorePassword")));
        outbound(OUTBOUND, "mllp", rtc -> null);
        status();
        outbound(TLS_OUTBOUND, "mllps", rtc -> MllpTls.client(
                        TemplateParameters.text(rtc, "keystore"), TemplateParameters.text(rtc, "keystorePassword"),
                        TemplateParameters.text(rtc, "truststore"), TemplateParameters.text(rtc, "truststorePassword")))
                .templateParameter("keystore", "")
                .templateParameter("keystorePassword", "")
                .templateParameter("truststore")
                .templateParameter("truststorePassword", "");
    }

    /** Certificate status changes to the system's listener as MFN^M02; its ACK is checked like a result's. */
    private void status() {
        sending(STATUS_OUTBOUND)
                .templateBean("statusMessage", Hl7StatusMessage.class,
                        rtc -> new Hl7StatusMessage(TemplateParameters.text(rtc, "charset")))
                .from("direct:{{system}}.outbound.status")
                .routeId("{{system}}.status.mllp")
                .process("{{statusMessage}}")
                .to("mllp://{{host}}:{{port}}?connectTimeout={{connectTimeout}}&receiveTimeout={{receiveTimeout}}"
                        + "&hl7Headers=false&maxBufferSize=" + ACK_READ_LIMIT);
    }

    // Listeners are mllp-guarded: the peer is checked at accept time (allowlist, connections per address) and the
    // read buffer stops just above maxMessageBytes; the translate step checks the other limits before HAPI parses.
    // reuseAddress: camel-mllp turns SO_REUSEADDR off by default, so a hub restarted within a minute of closing its
    // clients' connections could not bind its port (TIME_WAIT) within the 30 s bind timeout and refused the route file.
    // Steps are template-local beans because each takes the route's parameters (system, charset, limits).
    private RouteTemplateDefinition inbound(String id, String suffix, String tlsOption) {
        RouteTemplateDefinition template = routeTemplate(id)
                .templateParameter("system")
                .templateParameter("port")
                .templateParameter("mapping", "his")
                .templateParameter("charset", "UTF-8")
                .templateParameter("maxConnections", "32")
                .templateParameter("backlog", "128")
                .templateParameter("bindAddress", "{{medsign.mllp.bind-address:0.0.0.0}}")
                .templateParameter("replyEndpoint", "")
                .templateParameter("pdfSignature", "cms")
                .templateParameter("pdfSeal", "")
                .templateParameter("pdfPlacement", "")
                .templateParameter("allowedAddresses", "")
                .templateParameter("maxConnectionsPerAddress",
                        String.valueOf(MllpPeerGuard.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS))
                .templateParameter("idleTimeout", "300000")
                .templateParameter("receiveTimeout", "15000")
                .templateParameter("readTimeout", "5000")
                .templateParameter("maxMessageBytes", String.valueOf(Hl7Limits.DEFAULTS.maxMessageBytes()))
                .templateParameter("maxSegments", String.valueOf(Hl7Limits.DEFAULTS.maxSegments()))
                .templateParameter("maxRepetitions", String.valueOf(Hl7Limits.DEFAULTS.maxRepetitions()))
                .templateParameter("maxComponents", String.valueOf(Hl7Limits.DEFAULTS.maxComponents()))
                .templateParameter("maxSubcomponents", String.valueOf(Hl7Limits.DEFAULTS.maxSubcomponents()))
                .templateParameter("parseTimeout", String.valueOf(Hl7Limits.DEFAULTS.parseTimeout().toMillis()))
                .templateBean("peerGuard", MllpPeerGuard.class, rtc -> MllpPeerGuard.of(
                        TemplateParameters.text(rtc, "system"), TemplateParameters.text(rtc, "allowedAddresses"),
                        TemplateParameters.integer(rtc, "maxConnectionsPerAddress")))
                .templateBean("hl7ErrorAck", Hl7ErrorAck.class, rtc -> new Hl7ErrorAck(
                        TemplateParameters.text(rtc, "system"), TemplateParameters.text(rtc, "charset")))
                .templateBean("hl7Translate", Hl7TranslateStep.class, rtc -> new Hl7TranslateStep(
                        TemplateParameters.text(rtc, "system"), TemplateParameters.text(rtc, "mapping"),
                        TemplateParameters.text(rtc, "charset"), TemplateParameters.text(rtc, "replyEndpoint"),
                        limits(rtc), TemplateParameters.text(rtc, "pdfSignature"),
                        TemplateParameters.text(rtc, "pdfSeal"),
                        TemplateParameters.text(rtc, "pdfPlacement")))
                .templateBean("accept", AcceptStep.class, rtc -> new AcceptStep())
                .templateBean("hl7Ack", Hl7AckStep.class, rtc -> new Hl7AckStep());
        template.from(GuardedMllpComponent.SCHEME + "://{{bindAddress}}:{{port}}?peerGuard=#{{peerGuard}}"
                        + "&maxMessageBytes={{maxMessageBytes}}&autoAck=false&hl7Headers=false"
                        + "&maxConcurrentConsumers={{maxConnections}}&backlog={{backlog}}&stringPayload=false"
                        + "&validatePayload=false&idleTimeout={{idleTimeout}}&receiveTimeout={{receiveTimeout}}"
                        + "&readTimeout={{readTimeout}}&reuseAddress=true" + tlsOption)
                .routeId("{{system}}.inbound." + suffix)
                .routeConfigurationId(AdapterErrors.ID)
                .process("{{hl7ErrorAck}}").id(InboundSteps.id(InboundSteps.ERRORS))
                .process("{{hl7Translate}}").id(InboundSteps.id(InboundSteps.TRANSLATE))
                .process("{{accept}}").id(InboundSteps.id(InboundSteps.HAND_OFF))
                .process("{{hl7Ack}}").id(InboundSteps.id(InboundSteps.ANSWER));
        return template;
    }

    private static Hl7Limits limits(RouteTemplateContext rtc) {
        return new Hl7Limits(TemplateParameters.integer(rtc, "maxMessageBytes"),
                TemplateParameters.integer(rtc, "maxSegments"), TemplateParameters.integer(rtc, "maxRepetitions"),
                TemplateParameters.integer(rtc, "maxComponents"), TemplateParameters.integer(rtc, "maxSubcomponents"),
                Duration.ofMillis(TemplateParameters.integer(rtc, "parseTimeout")));
    }

    // Result messages built by the hub go to the system's listener over up to `connections` connections
    // (MllpConnections); camel-mllp checks the ACK (AE/AR and timeouts are exceptions), so the hub's transacted reply
    // queue retries and then dead-letters.
    private RouteTemplateDefinition outbound(String id, String suffix,
                                             Function<RouteTemplateContext, SSLContextParameters> tls) {
        RouteTemplateDefinition template = sending(id)
                .templateParameter("connections", "1")
                .templateBean("resultMessage", Hl7ResultProcessor.class,
                        rtc -> new Hl7ResultProcessor(TemplateParameters.text(rtc, "charset")))
                .templateBean("resultConnections", MllpConnections.class, rtc -> new MllpConnections(
                        rtc.getCamelContext(), "mllp://" + TemplateParameters.text(rtc, "host") + ":"
                        + TemplateParameters.integer(rtc, "port") + "?connectTimeout="
                        + TemplateParameters.integer(rtc, "connectTimeout") + "&receiveTimeout="
                        + TemplateParameters.integer(rtc, "receiveTimeout") + "&hl7Headers=false&maxBufferSize="
                        + ACK_READ_LIMIT, TemplateParameters.integer(rtc, "connections"), tls.apply(rtc)));
        template.from("direct:{{system}}.outbound.result")
                .routeId("{{system}}.outbound." + suffix)
                .process("{{resultMessage}}")
                .process("{{resultConnections}}").id("{{system}}.outbound.send");
        return template;
    }

    /** A template that sends to the system's MLLP listener: where it listens, timeouts, charset of the messages. */
    private RouteTemplateDefinition sending(String id) {
        return routeTemplate(id)
                .templateParameter("system")
                .templateParameter("host", "127.0.0.1")
                .templateParameter("port")
                .templateParameter("connectTimeout", "5000")
                .templateParameter("receiveTimeout", "15000")
                .templateParameter("charset", "UTF-8");
    }
}
