package org.medsign.adapters.hl7v2;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.support.jsse.ClientAuthentication;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.medsign.adapters.model.TransportTls;

/**
 * TLS for MLLP routes, from PKCS#12 files named in the route file: TLS 1.2/1.3 only. On a listening route the key
 * store holds the hub's certificate and key, and a trust store (when given) makes the route require a client
 * certificate issued by one of its certificates (mutual TLS). On a sending route the trust store holds what the
 * system's listener is trusted by, and a key store (when given) is the client certificate the hub presents.
 */
public final class MllpTls {

    private MllpTls() {
    }

    /** Parameters of a listening (server) route from files only (no hub material). */
    public static SSLContextParameters server(String keystore, String keystorePassword, String truststore,
                                              String truststorePassword) {
        return server(null, "", keystore, keystorePassword, truststore, truststorePassword);
    }

    /**
     * Parameters of a listening (server) route of {@code system}. {@code keystore} = {@value TransportTls#HUB}
     * takes this node's HTTPS credential from the hub's TLS CA; {@code truststore} = {@value TransportTls#HUB}
     * requires a client certificate the hub's TLS CA issued to {@code system} itself.
     */
    public static SSLContextParameters server(CamelContext context, String system, String keystore,
                                              String keystorePassword, String truststore, String truststorePassword) {
        if (keystore.isBlank()) {
            throw new IllegalArgumentException("an MLLP TLS listener needs keystore (a PKCS#12 file with the hub's "
                    + "certificate and key, or 'hub')");
        }
        SSLContextParameters parameters = base();
        parameters.setKeyManagers(TransportTls.HUB.equals(keystore.trim()) ? hubKeyManagers(context)
                : keyManagers(keystore, keystorePassword));
        SSLContextServerParameters server = new SSLContextServerParameters();
        if (TransportTls.HUB.equals(truststore.trim())) {
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setTrustManager(TransportTls.from(context).clientTrust(system));
            parameters.setTrustManagers(trust);
            server.setClientAuthentication(ClientAuthentication.REQUIRE.name());
        } else if (!truststore.isBlank()) {
            parameters.setTrustManagers(trustManagers(truststore, truststorePassword));
            server.setClientAuthentication(ClientAuthentication.REQUIRE.name());
        } else {
            server.setClientAuthentication(ClientAuthentication.NONE.name());
        }
        parameters.setServerParameters(server);
        return parameters;
    }

    /** Parameters of a sending (client) route. */
    public static SSLContextParameters client(String keystore, String keystorePassword, String truststore,
                                              String truststorePassword) {
        if (truststore.isBlank()) {
            throw new IllegalArgumentException("an MLLP TLS sender needs truststore (a PKCS#12 file with the "
                    + "certificate, or its CA, of the system's listener)");
        }
        SSLContextParameters parameters = base();
        parameters.setTrustManagers(trustManagers(truststore, truststorePassword));
        if (!keystore.isBlank()) {
            parameters.setKeyManagers(keyManagers(keystore, keystorePassword));
        }
        return parameters;
    }

    private static SSLContextParameters base() {
        SSLContextParameters parameters = new SSLContextParameters();
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.getSecureSocketProtocol().add("TLSv1.3");
        protocols.getSecureSocketProtocol().add("TLSv1.2");
        parameters.setSecureSocketProtocols(protocols);
        return parameters;
    }

    /** This node's server credential, in a key store with a throw-away password (it never leaves memory). */
    private static KeyManagersParameters hubKeyManagers(CamelContext context) {
        String password = java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16));
        KeyStoreParameters store = new KeyStoreParameters();
        store.setKeyStore(TransportTls.from(context).serverKeyStore(password.toCharArray()));
        store.setPassword(password);
        KeyManagersParameters managers = new KeyManagersParameters();
        managers.setKeyStore(store);
        managers.setKeyPassword(password);
        return managers;
    }

    private static KeyManagersParameters keyManagers(String file, String password) {
        KeyManagersParameters managers = new KeyManagersParameters();
        managers.setKeyStore(store(file, password, "keystore"));
        managers.setKeyPassword(password);
        return managers;
    }

    private static TrustManagersParameters trustManagers(String file, String password) {
        TrustManagersParameters managers = new TrustManagersParameters();
        managers.setKeyStore(store(file, password, "truststore"));
        return managers;
    }

    private static KeyStoreParameters store(String file, String password, String what) {
        Path path = Path.of(file.trim());
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(what + " " + path + " is not a readable file");
        }
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + path.toAbsolutePath());
        store.setType("PKCS12");
        store.setPassword(password);
        return store;
    }
}
