package org.medsign.hub.integration;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.TransportTls;
import org.medsign.hub.HubException;
import org.medsign.hub.pki.HubTls;
import org.springframework.stereotype.Component;

/**
 * The hub's TLS material for MLLP listeners declared with {@code keystore: hub} / {@code truststore: hub}: the same
 * server credential as HTTPS, and client trust limited to the certificates the TLS CA issued to the route's system.
 */
@Component(TransportTls.BEAN_NAME)
public class HubTransportTls implements TransportTls {

    private final HubTls tls;

    public HubTransportTls(HubTls tls) {
        this.tls = tls;
    }

    @Override
    public KeyStore serverKeyStore(char[] password) {
        return tls.keyStore(tls.serverCredential(), password);
    }

    @Override
    public X509TrustManager clientTrust(String systemId) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(tls.trustStore());
            X509TrustManager pkix = Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast).findFirst()
                    .orElseThrow();
            return new SystemClientTrust(pkix, new X500Principal(HubTls.clientSubject(systemId).getEncoded()),
                    systemId);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new HubException(ErrorCode.TLS_TRUST, "cannot build the client trust of " + systemId, e);
        }
    }

    /** PKIX under the TLS CA, then: the certificate must be the one issued to this system. */
    private record SystemClientTrust(X509TrustManager pkix, X500Principal subject, String systemId)
            implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkClientTrusted(chain, authType);
            if (!chain[0].getSubjectX500Principal().equals(subject)) {
                throw new CertificateException("the client certificate was not issued to system " + systemId);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client trust only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }

}
