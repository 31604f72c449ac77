package org.medsign.crypto.collab;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's open signing sessions by id. {@link #respond} removes a session before answering, so a replayed, unknown
 * or expired id is refused with {@link CollabProtocolException.Reason#SESSION_UNKNOWN_OR_USED}. In memory: a restart
 * forgets open sessions, which only makes clients start again. Thread-safe.
 */
public final class CollabSessions {

    private record Entry(ServerSigningSession session, Instant expires) {
    }

    private final Map<SessionId, Entry> open = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lifetime;
    private final int maxOpen;

    /** Sessions that live {@code lifetime}, at most {@code maxOpen} at once. */
    public CollabSessions(Clock clock, Duration lifetime, int maxOpen) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.maxOpen = maxOpen;
    }

    /** Registers a fresh session; refuses (IllegalStateException) when {@code maxOpen} unexpired sessions exist. */
    public ServerSigningSession register(ServerSigningSession session) {
        Instant now = clock.instant();
        open.values().removeIf(entry -> !entry.expires().isAfter(now));
        if (open.size() >= maxOpen) {
            throw new IllegalStateException("too many open signing sessions");
        }
        if (session.used() || open.putIfAbsent(session.id(), new Entry(session, now.plus(lifetime))) != null) {
            throw CollabServer.sessionRefused("session " + session.id() + " cannot be registered twice");
        }
        return session;
    }

    /** Answers a request for a registered session and forgets the session. */
    public SignResponse respond(SignRequest request) {
        Entry entry = open.remove(request.sessionId());
        if (entry == null) {
            throw CollabServer.sessionRefused("session " + request.sessionId() + " is unknown or already used");
        }
        if (!entry.expires().isAfter(clock.instant())) {
            throw CollabServer.sessionRefused("session " + request.sessionId() + " has expired");
        }
        return entry.session().respond(request);
    }

    /** Number of sessions currently registered (expired ones included until the next registration). */
    public int size() {
        return open.size();
    }
}
