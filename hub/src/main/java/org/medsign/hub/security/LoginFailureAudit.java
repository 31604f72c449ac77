package org.medsign.hub.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.springframework.stereotype.Component;

/**
 * Failed logins for the audit chain, aggregated so that an outsider cannot flood it: the first failure of a
 * credential from a source in a window is appended at once ({@code LOGIN_FAILED}, detail {@code from <address>}),
 * later ones in the same window are counted and appended as one summary row when the window ends
 * ({@code from <address>; N more in PT1M}). At most {@code loginAuditRows} credential/source pairs are itemised per
 * window; failures beyond that go into one row with actor {@code *}. So a window adds at most
 * {@code 2 × loginAuditRows + 1} rows, whatever the attack. Never records a password.
 */
@Component
public class LoginFailureAudit {

    private final AuditLog audit;
    private final SecurityProperties properties;
    private final Map<Key, Integer> repeated = new LinkedHashMap<>();
    private long beyondLimit;

    public LoginFailureAudit(AuditLog audit, SecurityProperties properties) {
        this.audit = audit;
        this.properties = properties;
    }

    /**
     * A failed login.
     *
     * @param channel where: {@code basic}, {@code console}, {@code api-key}, {@code adapter}, {@code metrics}
     * @param actor   who it claimed to be (user name, clipped; {@code api-key} for keys)
     * @param role    {@code ADMIN} or {@code SYSTEM}
     * @param source  the client address
     */
    public void failed(String channel, String actor, String role, String source) {
        Key key = new Key(channel, AuthenticationFailures.clip(actor), role, source);
        synchronized (this) {
            Integer count = repeated.get(key);
            if (count != null) {
                repeated.put(key, count + 1);
                return;
            }
            if (repeated.size() >= properties.loginAuditRows()) {
                beyondLimit++;
                return;
            }
            repeated.put(key, 0);
        }
        audit.append(AuditEvent.failure(key.actor(), role, "LOGIN_FAILED", channel, "from " + source));
    }

    /**
     * Ends the window (every {@code login-audit-window}, on every node: the counts are this node's): one summary row
     * per pair that failed again, one for everything beyond the limit.
     */
    public void flush() {
        Map<Key, Integer> ended;
        long beyond;
        synchronized (this) {
            ended = new LinkedHashMap<>(repeated);
            beyond = beyondLimit;
            repeated.clear();
            beyondLimit = 0;
        }
        String window = properties.loginAuditWindow().toString();
        ended.forEach((key, count) -> {
            if (count > 0) {
                audit.append(AuditEvent.failure(key.actor(), key.role(), "LOGIN_FAILED", key.channel(),
                        "from " + key.source() + "; " + count + " more in " + window));
            }
        });
        if (beyond > 0) {
            audit.append(AuditEvent.failure("*", "-", "LOGIN_FAILED", "*", beyond + " more from other credentials or "
                    + "sources in " + window + ", not itemised (over " + properties.loginAuditRows() + " per window)"));
        }
    }

    private record Key(String channel, String actor, String role, String source) {
    }
}
