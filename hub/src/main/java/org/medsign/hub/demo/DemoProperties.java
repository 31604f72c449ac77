package org.medsign.hub.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Demo data for the embedded default.
 *
 * @param enabled create staff D0001…D0010 with certificates and the system {@code demo} on first start
 */
@ConfigurationProperties("medsign.demo")
public record DemoProperties(boolean enabled) {
}
