package org.medsign.hub.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.medsign.hub.CredentialThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The hub's one {@link CredentialThrottle}, used by every credential check: HTTP Basic on any path, the console login
 * form, API keys (REST filter and HTTP adapters), the metrics token and signing PINs.
 * <ul>
 * <li>Per credential and source: {@code maxFailedAuthentications} failures within {@code failureWindow} refuse that
 * credential to that source for {@code lockout} (429, before any check). Other credentials from the same source are
 * not affected, so one misbehaving client does not lock out every valid system behind its address.</li>
 * <li>Per credential from all sources: {@code credentialMaxFailures} failures within {@code credentialWindow} refuse it
 * for {@code credentialLockout} to every source that has not succeeded with it within {@code trustedSourcePeriod};
 * while failures keep coming the refusal is renewed, so a distributed guess runs at most at that rate, and the owner
 * is never locked out for good (and not at all from where they recently logged in).</li>
 * </ul>
 * A wrong API key cannot be attributed to a system, so all of them count as {@link #UNKNOWN_API_KEY}; a valid key is
 * always let through, whatever its source's record. State is per node and in memory (a restart forgets it).
 */
@Component
public class AuthenticationFailures implements CredentialThrottle {

    /** The credential every unknown API key counts against. */
    public static final String UNKNOWN_API_KEY = "api-key:unknown";
    /** The Prometheus scrape token. */
    public static final String METRICS_TOKEN = "metrics-token";

    private static final Logger log = LoggerFactory.getLogger(AuthenticationFailures.class);
    private static final int MAX_TRUSTED_SOURCES = 32;

    private final SecurityProperties properties;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final LoginFailureAudit audit;
    private final Map<Pair, Counter> pairs = new ConcurrentHashMap<>();
    private final Map<String, Counter> credentials = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Instant>> trusted = new ConcurrentHashMap<>();
    private volatile boolean fullWarned;

    @Autowired
    public AuthenticationFailures(SecurityProperties properties, MeterRegistry metrics, LoginFailureAudit audit) {
        this(properties, metrics, audit, Clock.systemUTC());
    }

    AuthenticationFailures(SecurityProperties properties, MeterRegistry metrics, LoginFailureAudit audit, Clock clock) {
        this.properties = properties;
        this.metrics = metrics;
        this.audit = audit;
        this.clock = clock;
    }

    /** The credential an administrator's user name stands for (case-insensitive, clipped). */
    public static String user(String name) {
        return "user:" + clip(name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public Optional<Duration> refusal(String credential, String source) {
        Instant now = clock.instant();
        Optional<Duration> wait = waitOf(pairs.get(new Pair(credential, source)), now);
        if (wait.isEmpty() && !isTrusted(credential, source, now)) {
            wait = waitOf(credentials.get(credential), now);
        }
        wait.ifPresent(w -> metrics.counter("medsign.authentication.throttled", "credential", kind(credential))
                .increment());
        return wait;
    }

    @Override
    public Optional<Duration> failed(String credential, String source) {
        Instant now = clock.instant();
        Optional<Duration> wait = Optional.empty();
        Counter pair = tracked(pairs, new Pair(credential, source));
        if (pair != null) {
            wait = pair.fail(now, properties.failureWindow(), properties.maxFailedAuthentications(),
                    properties.lockout(), true);
        }
        Counter all = tracked(credentials, credential);
        if (all != null) {
            Optional<Duration> credentialWait = all.fail(now, properties.credentialWindow(),
                    properties.credentialMaxFailures(), properties.credentialLockout(), false);
            if (wait.isEmpty() && !isTrusted(credential, source, now)) {
                wait = credentialWait;
            }
        }
        return wait;
    }

    /**
     * A wrong credential at a login: counted like {@link #failed} and audited as {@code LOGIN_FAILED} (aggregated,
     * {@link LoginFailureAudit}); returns the wait it now imposes.
     *
     * @param channel where ({@code basic}, {@code console}, {@code api-key}, {@code adapter}, {@code metrics})
     * @param actor   who it claimed to be (a user name, or the kind of credential)
     * @param role    {@code ADMIN}, {@code SYSTEM} or {@code METRICS}
     */
    public Optional<Duration> failedLogin(String channel, String actor, String role, String credential, String source) {
        Optional<Duration> wait = failed(credential, source);
        audit.failed(channel, actor, role, source);
        return wait;
    }

    @Override
    public void succeeded(String credential, String source) {
        pairs.remove(new Pair(credential, source));
        Map<String, Instant> sources = trusted.computeIfAbsent(credential, c -> new LinkedHashMap<>());
        synchronized (sources) {
            sources.remove(source);
            sources.put(source, clock.instant());
            while (sources.size() > MAX_TRUSTED_SOURCES) {
                sources.remove(sources.keySet().iterator().next());
            }
        }
    }

    @Override
    public void cleared(String credential) {
        pairs.keySet().removeIf(pair -> pair.credential().equals(credential));
        credentials.remove(credential);
    }

    /** Forgets expired counters and trust (every minute), so that memory follows only recent activity. */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    public void purge() {
        Instant now = clock.instant();
        pairs.values().removeIf(counter -> counter.idle(now, properties.failureWindow()));
        credentials.values().removeIf(counter -> counter.idle(now, properties.credentialWindow()));
        trusted.values().removeIf(sources -> {
            synchronized (sources) {
                sources.values().removeIf(at -> at.plus(properties.trustedSourcePeriod()).isBefore(now));
                return sources.isEmpty();
            }
        });
        if (pairs.size() < properties.throttleCapacity() && credentials.size() < properties.throttleCapacity()) {
            fullWarned = false;
        }
    }

    /** The counter for {@code key}, created if there is room (purging expired ones first), else null. */
    private <K> Counter tracked(Map<K, Counter> counters, K key) {
        Counter counter = counters.get(key);
        if (counter != null) {
            return counter;
        }
        if (counters.size() >= properties.throttleCapacity()) {
            purge();
        }
        if (counters.size() >= properties.throttleCapacity()) {
            if (!fullWarned) {
                fullWarned = true;
                log.warn("Authentication throttle full ({} entries): new credentials or sources are not tracked "
                        + "until old ones expire", counters.size());
            }
            return null;
        }
        return counters.computeIfAbsent(key, k -> new Counter());
    }

    private boolean isTrusted(String credential, String source, Instant now) {
        Map<String, Instant> sources = trusted.get(credential);
        if (sources == null) {
            return false;
        }
        synchronized (sources) {
            Instant at = sources.get(source);
            return at != null && !at.plus(properties.trustedSourcePeriod()).isBefore(now);
        }
    }

    private static Optional<Duration> waitOf(Counter counter, Instant now) {
        return counter == null ? Optional.empty() : counter.waitAt(now);
    }

    private static String kind(String credential) {
        int colon = credential.indexOf(':');
        return colon < 0 ? credential : credential.substring(0, colon);
    }

    /** At most 64 characters without control characters: credentials are attacker-chosen strings. */
    static String clip(String value) {
        String clean = value == null ? "" : value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 64 ? clean.substring(0, 64) : clean;
    }

    private record Pair(String credential, String source) {
    }

    /** Failures within a sliding window and the end of the current refusal. */
    private static final class Counter {
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant refusedUntil;

        synchronized Optional<Duration> fail(Instant now, Duration window, int max, Duration refusal,
                                             boolean clearWhenRefused) {
            failures.addLast(now);
            while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(window))) {
                failures.removeFirst();
            }
            while (failures.size() > max) {
                failures.removeFirst();
            }
            if (failures.size() >= max) {
                refusedUntil = now.plus(refusal);
                if (clearWhenRefused) {
                    failures.clear();
                }
            }
            return waitAt(now);
        }

        synchronized Optional<Duration> waitAt(Instant now) {
            return refusedUntil != null && refusedUntil.isAfter(now) ? Optional.of(Duration.between(now, refusedUntil))
                    : Optional.empty();
        }

        synchronized boolean idle(Instant now, Duration window) {
            boolean refused = refusedUntil != null && refusedUntil.isAfter(now);
            boolean recent = !failures.isEmpty() && !failures.peekLast().isBefore(now.minus(window));
            return !refused && !recent;
        }
    }
}
