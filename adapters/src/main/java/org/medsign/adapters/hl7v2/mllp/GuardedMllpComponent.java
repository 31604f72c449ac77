package org.medsign.adapters.hl7v2.mllp;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpComponentConfigurer;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpEndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.CamelContextHelper;
import org.medsign.adapters.hl7v2.Hl7Limits;

/**
 * camel-mllp listeners that check their peer at accept time, scheme {@code mllp-guarded}: every option of
 * {@code mllp:} plus {@code peerGuard} (a {@link MllpPeerGuard} bean reference; default: loopback only) and
 * {@code maxMessageBytes} (largest message; the read buffer stops a little above it, so that a message just over the
 * limit still gets an AR and a larger frame is reset). PHI logging ({@code logPhi}) is always off. The inbound HL7
 * route templates use it; sending routes keep {@code mllp:}.
 */
public class GuardedMllpComponent extends MllpComponent {

    /** URI scheme. */
    public static final String SCHEME = "mllp-guarded";
    /** Read-buffer room above {@code maxMessageBytes} (the frame bytes and enough to answer AR). */
    public static final int FRAME_SLACK = 64 * 1024;

    public GuardedMllpComponent() {
        super.setLogPhi(false);
    }

    /** Refuses to log payloads: patient data never reaches the log from these listeners. */
    @Override
    public void setLogPhi(Boolean logPhi) {
        if (Boolean.TRUE.equals(logPhi)) {
            throw new IllegalArgumentException(SCHEME + " listeners never log message content (logPhi stays false)");
        }
        super.setLogPhi(false);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        MllpPeerGuard guard = resolveAndRemoveReferenceParameter(parameters, "peerGuard", MllpPeerGuard.class);
        int maxMessageBytes = getAndRemoveParameter(parameters, "maxMessageBytes", Integer.class,
                Hl7Limits.DEFAULT_MAX_MESSAGE_BYTES);
        if (maxMessageBytes < 1 || maxMessageBytes > Integer.MAX_VALUE - FRAME_SLACK) {
            throw new IllegalArgumentException("maxMessageBytes must be between 1 and "
                    + (Integer.MAX_VALUE - FRAME_SLACK) + ", not " + maxMessageBytes);
        }
        MllpConfiguration configuration = hasConfiguration() ? getConfiguration().copy() : new MllpConfiguration();
        int colon = remaining.lastIndexOf(':');
        String host = colon < 0 ? null : remaining.substring(0, colon);
        String port = colon < 0 ? remaining : remaining.substring(colon + 1);
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        GuardedMllpEndpoint endpoint = new GuardedMllpEndpoint(uri, this, configuration,
                guard != null ? guard : MllpPeerGuard.of(SCHEME + ":" + port, "",
                        MllpPeerGuard.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS));
        // set on the endpoint's own configuration: MllpConfiguration.copy() (4.17) leaves maxBufferSize out, so a
        // component-level max-buffer-size never reaches an endpoint
        endpoint.getConfiguration().setMaxBufferSize(maxMessageBytes + FRAME_SLACK);
        if (endpoint.getConfiguration().getSslContextParameters() == null) {
            endpoint.getConfiguration().setSslContextParameters(retrieveGlobalSslContextParameters());
        }
        endpoint.setCharsetName(getDefaultCharset());
        if (host != null) {
            endpoint.setHostname(host);
        }
        endpoint.setPort(CamelContextHelper.parseInt(getCamelContext(), port));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    // the generated configurers of camel-mllp know every mllp option; this subclass has no annotation to find them by
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return new MllpComponentConfigurer();
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new MllpEndpointConfigurer();
    }
}
