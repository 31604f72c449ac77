package org.medsign.hub.integration;

import org.medsign.adapters.hl7v2.mllp.AddressAllowlist;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Hub-wide defaults of the MLLP listeners; a route file's own parameters win.
 *
 * @param bindAddress the interface the inbound MLLP templates listen on when a route file names no
 *                    {@code bindAddress} (default {@code 0.0.0.0}: every interface, as hospital systems connect from
 *                    other hosts; each route's {@code allowedAddresses} decides who may connect). An IP address,
 *                    never a name. Read by the templates as {@code {{medsign.mllp.bind-address}}}; checked here at
 *                    start-up.
 */
@ConfigurationProperties("medsign.mllp")
public record MllpProperties(String bindAddress) {

    public MllpProperties {
        bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress.trim();
        boolean literal;
        try {
            literal = !bindAddress.contains("/") && !bindAddress.endsWith(".")
                    && AddressAllowlist.parse(bindAddress) != null;
        } catch (IllegalArgumentException e) {
            literal = false;
        }
        if (!literal) {
            throw new IllegalArgumentException("medsign.mllp.bind-address must be an IP address (0.0.0.0, "
                    + "10.20.0.5, ::), not '" + bindAddress + "'");
        }
    }
}
