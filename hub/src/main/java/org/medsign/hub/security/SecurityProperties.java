package org.medsign.hub.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication hardening: the credential throttle, the aggregation of failed-login audit rows, browser origin
 * checks and the metrics endpoint (docs/security.md, "Web-facing controls").
 *
 * @param maxFailedAuthentications failures of one credential from one source within {@code failureWindow} before that
 *                                 pair is refused (HTTP 429) for {@code lockout}
 * @param failureWindow            window for counting a pair's failures
 * @param lockout                  how long a credential is refused for the source that guessed it
 * @param credentialMaxFailures    failures of one credential from all sources within {@code credentialWindow} before
 *                                 it is refused for {@code credentialLockout} to every source it has not recently
 *                                 succeeded from (a distributed guess)
 * @param credentialWindow         window for counting a credential's failures from all sources
 * @param credentialLockout        how long a credential under distributed guessing is refused (short: never for good)
 * @param trustedSourcePeriod      how long a source that succeeded with a credential stays exempt from its
 *                                 credential-wide refusal
 * @param throttleCapacity         most (credential, source) pairs tracked at once (memory bound; further new pairs are
 *                                 not tracked until expired ones are purged, the credential-wide count still applies)
 * @param loginAuditWindow         failed logins of one credential from one source are audited once at once, the rest of
 *                                 the window in one summary row at its end
 * @param loginAuditRows           most itemised failed-login rows per window; beyond, one row counts the rest
 * @param publicMetrics            whether /actuator/prometheus may be scraped without credentials (not recommended)
 * @param allowedOrigins           browser origins besides the hub's own that may call /api and /actuator
 *                                 (e.g. {@code https://ops.example.org}); none by default
 */
@ConfigurationProperties("medsign.security")
public record SecurityProperties(@DefaultValue("5") int maxFailedAuthentications,
                                 @DefaultValue("PT1M") Duration failureWindow,
                                 @DefaultValue("PT5M") Duration lockout,
                                 @DefaultValue("20") int credentialMaxFailures,
                                 @DefaultValue("PT15M") Duration credentialWindow,
                                 @DefaultValue("PT1M") Duration credentialLockout,
                                 @DefaultValue("P7D") Duration trustedSourcePeriod,
                                 @DefaultValue("100000") int throttleCapacity,
                                 @DefaultValue("PT1M") Duration loginAuditWindow,
                                 @DefaultValue("50") int loginAuditRows,
                                 @DefaultValue("false") boolean publicMetrics,
                                 @DefaultValue List<String> allowedOrigins) {
}
