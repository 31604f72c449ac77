package org.medsign.hub.pki;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Transport security (HTTPS) with certificates from the hub's own TLS CA.
 *
 * @param enabled                 whether the HTTPS listener runs (default true)
 * @param port                    HTTPS port (default 8443)
 * @param address                 interface the HTTPS listener binds; empty = all interfaces
 * @param names                   extra DNS names or IP addresses for the server certificate, besides localhost,
 *                                127.0.0.1, ::1 and this machine's host name (e.g. the load balancer's name)
 * @param caSubject               subject of the TLS CA, created on first start
 * @param serverValidity          validity of a server certificate (default 397 days)
 * @param renewBefore             a server certificate is replaced at start when it expires within this period
 * @param allowPlainHttpOffLoopback allows the plain-HTTP listener ({@code server.address}) on an interface other than
 *                                loopback; off by default, and the hub refuses to start otherwise
 */
@ConfigurationProperties("medsign.tls")
public record TlsProperties(Boolean enabled, Integer port, String address, List<String> names, String caSubject,
                            Duration serverValidity, Duration renewBefore, Boolean allowPlainHttpOffLoopback) {

    public TlsProperties {
        enabled = enabled == null || enabled;
        port = port == null ? 8443 : port;
        address = address == null ? "" : address.trim();
        names = names == null ? List.of() : List.copyOf(names);
        caSubject = caSubject == null || caSubject.isBlank()
                ? "CN=MedSign Hub TLS CA,O=MedSign Demo Hospital,C=CN" : caSubject;
        serverValidity = serverValidity == null ? Duration.ofDays(397) : serverValidity;
        renewBefore = renewBefore == null ? Duration.ofDays(30) : renewBefore;
        allowPlainHttpOffLoopback = allowPlainHttpOffLoopback != null && allowPlainHttpOffLoopback;
    }
}
