package org.medsign.hub.security;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.medsign.hub.pki.HubTls;
import org.medsign.hub.pki.TlsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The hub's listeners: plain HTTP ({@code server.port}, 8080) on the loopback interface only, for local tools and
 * the machine's own monitoring, and HTTPS ({@code medsign.tls.port}, 8443) for everyone else, with this node's
 * server certificate from the hub's TLS CA (TLS 1.2 and 1.3 only). Refuses to start when the plain listener is on
 * another interface unless {@code medsign.tls.allow-plain-http-off-loopback} says so.
 */
@Component
public class HttpsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final Logger log = LoggerFactory.getLogger(HttpsConnector.class);

    private final HubTls tls;
    private final TlsProperties properties;
    private final ServerProperties server;

    public HttpsConnector(HubTls tls, TlsProperties properties, ServerProperties server) {
        this.tls = tls;
        this.properties = properties;
        this.server = server;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        checkPlainListener(server.getAddress(), properties.allowPlainHttpOffLoopback());
        if (!properties.enabled()) {
            log.warn("HTTPS is off (medsign.tls.enabled=false): only the plain HTTP listener runs");
            return;
        }
        char[] password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16)).toCharArray();
        HubTls.Credential credential = tls.serverCredential();
        SSLHostConfig host = new SSLHostConfig();
        host.setProtocols("TLSv1.2+TLSv1.3");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.EC);
        certificate.setCertificateKeystore(tls.keyStore(credential, password));
        certificate.setCertificateKeyAlias("key");
        certificate.setCertificateKeyPassword(new String(password));
        host.addCertificate(certificate);

        Connector connector = new Connector(Http11NioProtocol.class.getName());
        connector.setScheme("https");
        connector.setSecure(true);
        connector.setPort(properties.port());
        connector.setMaxPostSize((int) server.getTomcat().getMaxHttpFormPostSize().toBytes());
        AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
        if (!properties.address().isEmpty()) {
            connector.setProperty("address", properties.address());
        }
        protocol.setSSLEnabled(true);
        protocol.addSslHostConfig(host);
        protocol.setMaxSwallowSize((int) server.getTomcat().getMaxSwallowSize().toBytes());
        protocol.setMaxHttpHeaderSize((int) server.getMaxHttpRequestHeaderSize().toBytes());
        protocol.setMaxThreads(server.getTomcat().getThreads().getMax());
        factory.addAdditionalTomcatConnectors(connector);
        log.info("HTTPS on {}:{} with the certificate of {} (TLS CA {})",
                properties.address().isEmpty() ? "*" : properties.address(), properties.port(),
                credential.certificate().getSubject(), tls.ca().getSubject());
    }

    /** Plain HTTP must stay on loopback unless explicitly allowed (a null address means every interface). */
    static void checkPlainListener(InetAddress address, boolean allowed) {
        if (address != null && address.isLoopbackAddress()) {
            return;
        }
        String where = address == null ? "every interface" : address.getHostAddress();
        if (!allowed) {
            throw new IllegalStateException("plain HTTP would listen on " + where + " (server.address): set "
                    + "server.address=127.0.0.1 and use HTTPS (medsign.tls.port), or set "
                    + "medsign.tls.allow-plain-http-off-loopback=true if a TLS terminator in front protects it");
        }
        log.warn("Plain HTTP listens on {} (medsign.tls.allow-plain-http-off-loopback=true)", where);
    }
}
