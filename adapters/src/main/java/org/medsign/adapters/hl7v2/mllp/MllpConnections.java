package org.medsign.adapters.hl7v2.mllp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Sends each exchange to one MLLP listener over one of a fixed number of connections.
 *
 * <p>A camel-mllp producer holds one socket and sends one message at a time: it keeps its lock until the listener's
 * ACK is read. A system that receives many results (the HIS at morning rounds) is then bounded by one round trip per
 * result. This processor owns {@code connections} producers of one endpoint, each with its own socket, and lends one
 * to each exchange; a caller waits while all are busy. With one connection it behaves as {@code .to(uri)}: messages
 * go out one after the other, in the order the callers arrive. With more, messages to the system may overtake each
 * other (each is a complete result of its own request); a listener that accepts one connection only keeps the default
 * of one.
 *
 * <p>The endpoint is made by the {@code mllp} component from {@code uri} (component options such as {@code logPhi}
 * apply) and is the processor's own, not shared with other routes, so that a TLS context given here does not leak
 * into another route that sends to the same address.
 */
public final class MllpConnections extends ServiceSupport implements Processor {

    /** Most connections a route may open to one listener. */
    public static final int MAX_CONNECTIONS = 32;

    private final CamelContext context;
    private final String uri;
    private final int connections;
    private final SSLContextParameters tls;
    private final BlockingQueue<Producer> idle;
    private final List<Producer> producers = new ArrayList<>();
    private MllpEndpoint endpoint;

    /**
     * @param uri         the {@code mllp://host:port?…} address and options
     * @param connections how many connections at most, 1 to {@value #MAX_CONNECTIONS}
     * @param tls         the TLS client context, or {@code null} for plain MLLP
     */
    public MllpConnections(CamelContext context, String uri, int connections, SSLContextParameters tls) {
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("template parameter connections must be between 1 and "
                    + MAX_CONNECTIONS + ", not " + connections);
        }
        this.context = context;
        this.uri = uri;
        this.connections = connections;
        this.tls = tls;
        this.idle = new ArrayBlockingQueue<>(connections);
    }

    public int connections() {
        return connections;
    }

    @Override
    protected void doStart() throws Exception {
        endpoint = (MllpEndpoint) context.getComponent("mllp", MllpComponent.class).createEndpoint(uri);
        if (tls != null) {
            endpoint.getConfiguration().setSslContextParameters(tls);
        }
        ServiceHelper.startService(endpoint);
        for (int i = 0; i < connections; i++) {
            Producer producer = endpoint.createProducer();
            ServiceHelper.startService(producer);
            producers.add(producer);
            idle.add(producer);
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Producer producer = null;
        while (producer == null) {
            if (!isRunAllowed()) {
                // stopping: the exchange fails, its broker transaction rolls back and the result is sent later
                throw new RejectedExecutionException("the MLLP connections to " + address() + " are closing");
            }
            producer = idle.poll(1, TimeUnit.SECONDS);
        }
        try {
            producer.process(exchange);
        } finally {
            idle.add(producer);
        }
    }

    @Override
    protected void doStop() {
        ServiceHelper.stopService(producers);
        producers.clear();
        idle.clear();
        ServiceHelper.stopService(endpoint);
        endpoint = null;
    }

    @Override
    public String toString() {
        // the route's step as hawtio shows it: where it sends (host and port only) and how wide
        return "mllpConnections[" + address() + " x" + connections + "]";
    }

    private String address() {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
