package org.medsign.hub.security;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Counts failed authentications per client address; after {@code maxFailedAuthentications} within the window the
 * address is locked out for {@code lockout} (answered 429 before any credential is checked).
 */
@Component
public class AuthenticationFailures {

    private final SecurityProperties properties;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> lockedUntil = new ConcurrentHashMap<>();

    public AuthenticationFailures(SecurityProperties properties) {
        this.properties = properties;
    }

    /** Records a failure; returns true when the address is now locked out. */
    public boolean record(String address) {
        Instant now = Instant.now();
        Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(now);
            while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(properties.failureWindow()))) {
                recent.removeFirst();
            }
            if (recent.size() >= properties.maxFailedAuthentications()) {
                lockedUntil.put(address, now.plus(properties.lockout()));
                recent.clear();
                return true;
            }
        }
        return false;
    }

    /** Whether the address is locked out now. */
    public boolean isLocked(String address) {
        Instant until = lockedUntil.get(address);
        if (until == null) {
            return false;
        }
        if (Instant.now().isAfter(until)) {
            lockedUntil.remove(address, until);
            return false;
        }
        return true;
    }
}
