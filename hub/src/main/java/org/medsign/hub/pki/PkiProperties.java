package org.medsign.hub.pki;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hub's CA and TSA.
 *
 * @param subject             root subject of the bootstrap CA (created on first start)
 * @param publicUrl           base URL relying parties reach the hub at (CRL and OCSP URLs in certificates)
 * @param crlValidity         CRL next-update interval
 * @param certificateValidity default validity of staff certificates
 * @param externalTsaUrl      RFC 3161 URL of an external TSA; empty = the embedded TSA
 * @param protocol            what one OCSP or TSA request may carry ({@code medsign.pki.protocol.*})
 */
@ConfigurationProperties("medsign.pki")
public record PkiProperties(String subject, String publicUrl, Duration crlValidity, Duration certificateValidity,
                            String externalTsaUrl, @DefaultValue Protocol protocol) {

    /**
     * Bounds on the public OCSP and TSA endpoints; a request beyond one gets the protocol's own refusal (OCSP
     * {@code malformedRequest}, TSA rejection with {@code badRequest} or {@code badDataFormat}), never a 500.
     *
     * @param maxRequestBytes   largest body of {@code POST /ocsp} and {@code POST /tsa}, and of the DER request inside
     *                          {@code GET /ocsp/{base64}} (default 16384)
     * @param ocspMaxCertIds    certificates asked about in one OCSP request (default 10)
     * @param ocspMaxNonceBytes octets of an OCSP nonce (default 32, RFC 8954; RFC 9654 allows up to 128)
     * @param tsaMaxNonceBytes  octets of an RFC 3161 nonce (default 64)
     */
    public record Protocol(@DefaultValue("16384") int maxRequestBytes, @DefaultValue("10") int ocspMaxCertIds,
                           @DefaultValue("32") int ocspMaxNonceBytes, @DefaultValue("64") int tsaMaxNonceBytes) {
    }
}
