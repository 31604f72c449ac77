package org.medsign.hub.seal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Post-based permission settings ({@code medsign.permissions.*}).
 *
 * @param denyByDefault whether a document and action that no rule names is refused too (default false: rules restrict
 *                      only what they name)
 * @param refresh       how often each node re-reads the rules, so that a change made on another node applies here
 *                      (default PT10S; a change made on this node applies at once)
 */
@ConfigurationProperties("medsign.permissions")
public record PermissionProperties(@DefaultValue("false") boolean denyByDefault,
                                   @DefaultValue("PT10S") Duration refresh) {
}
