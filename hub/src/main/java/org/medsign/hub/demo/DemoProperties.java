package org.medsign.hub.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo data for the embedded default.
 *
 * @param enabled create staff D0001…D0010 with certificates and the system {@code demo} on first start
 * @param seals   with {@code enabled}, also create the demo seals when absent (default true): the 院章, a
 *                检验检查专用章 (both with the organisation signer of 示范医院) and each demo staff member's signature
 */
@ConfigurationProperties("medsign.demo")
public record DemoProperties(boolean enabled, @DefaultValue("true") boolean seals) {
}
