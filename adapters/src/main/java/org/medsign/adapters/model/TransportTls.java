package org.medsign.adapters.model;

import java.security.KeyStore;

import javax.net.ssl.X509TrustManager;

import org.apache.camel.CamelContext;

/**
 * The hub's own TLS material for adapters that listen over TLS: this node's server key and certificate (from the
 * hub's TLS CA, as on HTTPS), and trust in exactly the client certificates that the TLS CA issued to one system.
 * Implemented by the hub, looked up in the Camel registry under {@link #BEAN_NAME}; a route file asks for it with
 * the value {@value #HUB} instead of a key or trust store file.
 */
public interface TransportTls {

    /** Registry name. */
    String BEAN_NAME = "transportTls";
    /** The route-file value that means "the hub's own TLS material". */
    String HUB = "hub";

    /** The TransportTls bound in a Camel registry (by the hub); fails when there is none. */
    static TransportTls from(CamelContext context) {
        TransportTls tls = context.getRegistry().lookupByNameAndType(BEAN_NAME, TransportTls.class);
        if (tls == null) {
            throw new IllegalStateException("no TransportTls in the registry: 'hub' TLS material needs the hub");
        }
        return tls;
    }

    /** A key store with this node's server key and chain under alias {@code key}, protected by {@code password}. */
    KeyStore serverKeyStore(char[] password);

    /**
     * A trust manager for client certificates that accepts only a certificate issued by the hub's TLS CA to
     * {@code systemId}; any other certificate (another system's, another CA's) fails the handshake.
     */
    X509TrustManager clientTrust(String systemId);
}
