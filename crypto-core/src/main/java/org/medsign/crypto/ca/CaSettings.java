package org.medsign.crypto.ca;

import java.time.Duration;

/**
 * What the CA writes into certificates and CRLs. URLs may be null (the extension is then omitted).
 *
 * @param crlUrl          CRL distribution point written into end-entity certificates
 * @param ocspUrl         OCSP responder URL (authority information access)
 * @param crlValidity     time between thisUpdate and nextUpdate of issued CRLs
 * @param defaultValidity validity of end-entity certificates when a request names none
 */
public record CaSettings(String crlUrl, String ocspUrl, Duration crlValidity, Duration defaultValidity) {

    /** Defaults: no URLs, CRLs valid one day, certificates two years. */
    public static CaSettings defaults() {
        return new CaSettings(null, null, Duration.ofDays(1), Duration.ofDays(730));
    }

    /** Same settings with the given URLs. */
    public CaSettings withUrls(String crlUrl, String ocspUrl) {
        return new CaSettings(crlUrl, ocspUrl, crlValidity, defaultValidity);
    }
}
