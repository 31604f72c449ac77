package org.medsign.hub.pki;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hub's CA and TSA.
 *
 * @param subject             root subject of the bootstrap CA (created on first start)
 * @param publicUrl           base URL relying parties reach the hub at (CRL and OCSP URLs in certificates)
 * @param crlValidity         CRL next-update interval
 * @param certificateValidity default validity of staff certificates
 * @param externalTsaUrl      RFC 3161 URL of an external TSA; empty = the embedded TSA
 */
@ConfigurationProperties("medsign.pki")
public record PkiProperties(String subject, String publicUrl, Duration crlValidity, Duration certificateValidity,
                            String externalTsaUrl) {
}
