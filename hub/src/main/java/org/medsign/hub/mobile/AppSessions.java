package org.medsign.hub.mobile;

import java.time.Instant;
import java.util.Optional;

import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.operations.StaffPins;
import org.springframework.stereotype.Component;

/**
 * App sessions (登录): a clinician logs in with staff id and signing PIN and gets a bearer token of 256 random bits.
 * Only the token's SM3 hash is stored. A session ends after {@code medsign.mobile.session-idle} without a call, at
 * {@code medsign.mobile.session-maximum} after login, at logout, or when the phone is reported lost. The PIN check is
 * {@link StaffPins#verify}: wrong PINs count towards its lock (PIN_WRONG, then PIN_LOCKED until a security
 * administrator unlocks) and its throttle (source: the client address).
 */
@Component
public class AppSessions {

    /** A session just opened: the token is handed to the app once and never stored in clear. */
    public record Opened(String staffId, String token, Instant expiresAt, boolean pinMustChange) {
        @Override
        public String toString() {
            return "Opened[" + staffId + ", ***, " + expiresAt + "]";
        }
    }

    private final AppSessionRepository sessions;
    private final StaffPins pins;
    private final AuditLog audit;
    private final MobileProperties properties;

    public AppSessions(AppSessionRepository sessions, StaffPins pins, AuditLog audit, MobileProperties properties) {
        this.sessions = sessions;
        this.pins = pins;
        this.audit = audit;
        this.properties = properties;
    }

    /**
     * Logs in with the signing PIN (not in one transaction with the check: a wrong PIN's count must stay).
     *
     * @param source the client address, for the PIN throttle
     */
    public Opened login(String staffId, String pin, String source) {
        String actor = "staff:" + staffId;
        StaffPins.Check check;
        try {
            check = pins.verify(staffId, pin, actor, source);
        } catch (HubException e) {
            audit.append(AuditEvent.failure(actor, "SIGNER", "APP_LOGIN_FAILED", "staff/" + staffId, e.code().name()));
            throw e;
        }
        String token = MobileSecrets.sessionToken();
        Instant now = Instant.now();
        Instant expiresAt = now.plus(properties.sessionMaximum());
        sessions.insert(MobileSecrets.hash(token), staffId, now, expiresAt);
        audit.append(AuditEvent.success(actor, "SIGNER", "APP_LOGIN", "staff/" + staffId, null));
        return new Opened(staffId, token, expiresAt, check.mustChange());
    }

    /**
     * The staff member whose live session {@code token} is, recording the use; empty when the token is unknown, ended,
     * idle for too long or past its maximum.
     */
    public Optional<String> staffFor(String token) {
        if (token == null || token.isBlank() || token.length() > 128) {
            return Optional.empty();
        }
        String hash = MobileSecrets.hash(token.trim());
        Instant now = Instant.now();
        Optional<AppSessionRepository.Live> live = sessions.notEnded(hash);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        boolean idle = !live.get().lastUsedAt().plus(properties.sessionIdle()).isAfter(now);
        if (idle || !live.get().expiresAt().isAfter(now)) {
            sessions.end(hash, idle ? "IDLE" : "EXPIRED", now);
            return Optional.empty();
        }
        sessions.touch(hash, now);
        return Optional.of(live.get().staffId());
    }

    /**
     * Whether the session whose token hashes to {@code tokenHash} is still live, without recording a use: an open event
     * stream is not activity (the idle timeout still counts the app's calls). A session found idle or past its maximum
     * is ended here as {@link #staffFor} would.
     */
    boolean liveByHash(String tokenHash) {
        Instant now = Instant.now();
        Optional<AppSessionRepository.Live> live = sessions.notEnded(tokenHash);
        if (live.isEmpty()) {
            return false;
        }
        boolean idle = !live.get().lastUsedAt().plus(properties.sessionIdle()).isAfter(now);
        if (idle || !live.get().expiresAt().isAfter(now)) {
            sessions.end(tokenHash, idle ? "IDLE" : "EXPIRED", now);
            return false;
        }
        return true;
    }

    /** Ends the session of {@code token} (logout). */
    public void logout(String staffId, String token) {
        if (token != null && sessions.end(MobileSecrets.hash(token.trim()), "LOGOUT", Instant.now())) {
            audit.append(AuditEvent.success("staff:" + staffId, "SIGNER", "APP_LOGOUT", "staff/" + staffId, null));
        }
    }

    /** Ends every session of {@code staffId}; returns how many were going. */
    int endAll(String staffId, String reason) {
        return sessions.endAll(staffId, reason, Instant.now());
    }
}
