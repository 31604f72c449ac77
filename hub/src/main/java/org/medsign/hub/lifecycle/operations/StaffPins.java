package org.medsign.hub.lifecycle.operations;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.CredentialThrottle;
import org.medsign.hub.CredentialThrottledException;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.LifecycleProperties;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signing PINs (签名密码) of staff members whose keys the hub holds: what a clinician types in HIS (or the H5 page)
 * before signing. Only a salted PBKDF2-HMAC-SM3 hash is stored, so a PIN can be checked and replaced but never
 * recovered. {@code medsign.lifecycle.pin-max-attempts} wrong PINs in a row (default 5) lock it (解锁: a security
 * administrator unlocks); a reset (口令重置) — after an administrator has verified the holder's identity in person —
 * sets a one-time temporary PIN the holder must change. Every step is audited, never with a PIN. Checks also go
 * through the hub's one {@link CredentialThrottle} (credential {@code pin:<staffId>}, source: the calling system), so a
 * PIN guessed too fast is refused for a while ({@code PIN_THROTTLED}, 429) before it is even compared; an unlock or
 * reset clears it.
 */
@Component
public class StaffPins {

    private static final int ITERATIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a staff member's PIN stands. */
    public record Status(String staffId, boolean set, int failedAttempts, boolean locked, boolean mustChange,
                         Instant changedAt) {
    }

    /** The result of a check. */
    public record Check(boolean mustChange, int attemptsLeft) {
    }

    private final StaffPinRepository pins;
    private final StaffRepository staff;
    private final AuditLog audit;
    private final LifecycleProperties properties;
    private final CredentialThrottle throttle;

    public StaffPins(StaffPinRepository pins, StaffRepository staff, AuditLog audit, LifecycleProperties properties,
                     CredentialThrottle throttle) {
        this.pins = pins;
        this.staff = staff;
        this.audit = audit;
        this.properties = properties;
        this.throttle = throttle;
    }

    public Status status(String staffId) {
        requireStaff(staffId);
        return pins.status(staffId).orElse(new Status(staffId, false, 0, false, false, null));
    }

    /**
     * Sets or changes a PIN for its holder (through a system): the current PIN is required once one is set; a
     * temporary PIN from a reset counts as current.
     */
    @Transactional(noRollbackFor = HubException.class)
    public void change(String staffId, String currentPin, String newPin, String actor) {
        requireStaff(staffId);
        requireStrong(newPin);
        if (stored(staffId).isPresent()) {
            verify(staffId, currentPin, actor);
        }
        store(staffId, newPin, false);
        audit.append(AuditEvent.success(actor, "SYSTEM", "PIN_CHANGED", "staff/" + staffId, null));
    }

    /**
     * Sets a PIN without the current one, for a holder who proved who they are another way (the one-time activation
     * code of the mobile app, issued by a security administrator): the PIN rules apply, any lock is lifted.
     */
    @Transactional
    public void establish(String staffId, String newPin, String actor) {
        requireStaff(staffId);
        requireStrong(newPin);
        store(staffId, newPin, false);
        throttle.cleared("pin:" + staffId);
        audit.append(AuditEvent.success(actor, "SIGNER", "PIN_SET", "staff/" + staffId, "by activation"));
    }

    /** Checks a PIN; a wrong one counts towards the lock. The throttle's source is the actor. */
    @Transactional(noRollbackFor = HubException.class)
    public Check verify(String staffId, String pin, String actor) {
        return verify(staffId, pin, actor, actor);
    }

    /**
     * Checks a PIN; a wrong one counts towards the lock. {@code source} is where the throttle counts the attempt from
     * (a system, or a client address for the mobile app).
     */
    @Transactional(noRollbackFor = HubException.class)
    public Check verify(String staffId, String pin, String actor, String source) {
        requireStaff(staffId);
        StaffPinRepository.Stored stored = pins.lockedForCheck(staffId).orElseThrow(() -> new HubException(ErrorCode.PIN_NOT_SET, "staff " + staffId + " has no signing PIN"));
        if (stored.locked()) {
            audit.append(AuditEvent.failure(actor, "SYSTEM", "PIN_VERIFY", "staff/" + staffId, "locked"));
            throw new HubException(ErrorCode.PIN_LOCKED,
                    "the signing PIN is locked after " + properties.pinMaxAttempts()
                    + " wrong attempts; a security administrator must unlock it");
        }
        String credential = "pin:" + staffId;
        throttle.refusal(credential, source).ifPresent(wait -> {
            throw new CredentialThrottledException(ErrorCode.PIN_THROTTLED,
                    "too many wrong signing PINs for this staff "
                    + "member; try again in " + CredentialThrottledException.seconds(wait) + " s", wait);
        });
        if (pin != null && MessageDigest.isEqual(HexFormat.of().parseHex(stored.hash()),
                hash(pin, HexFormat.of().parseHex(stored.salt())))) {
            if (stored.failed() > 0) {
                pins.clearFailures(staffId);
            }
            throttle.succeeded(credential, source);
            return new Check(stored.mustChange(), properties.pinMaxAttempts());
        }
        throttle.failed(credential, source);
        int failed = stored.failed() + 1;
        boolean lock = failed >= properties.pinMaxAttempts();
        pins.recordFailures(staffId, failed, lock ? Instant.now() : null);
        audit.append(AuditEvent.failure(actor, "SYSTEM", lock ? "PIN_LOCKED" : "PIN_VERIFY", "staff/" + staffId,
                "wrong PIN, attempt " + failed));
        if (lock) {
            throw new HubException(ErrorCode.PIN_LOCKED, "wrong signing PIN; it is now locked after " + failed
                    + " wrong attempts");
        }
        throw new HubException(ErrorCode.PIN_WRONG, "wrong signing PIN; " + (properties.pinMaxAttempts() - failed)
                + " attempts left before it locks");
    }

    /** Unlocks a locked PIN (security administrator). */
    @Transactional
    public void unlock(String staffId, String reason, String operator) {
        requireStaff(staffId);
        if (!pins.unlock(staffId)) {
            throw new HubException(ErrorCode.PIN_NOT_SET, "staff " + staffId + " has no signing PIN");
        }
        throttle.cleared("pin:" + staffId);
        audit.append(AuditEvent.success(operator, "SECURITY_ADMIN", "PIN_UNLOCK", "staff/" + staffId, reason));
    }

    /**
     * Resets a PIN after the administrator verified the holder's identity: a random 8-digit temporary PIN, returned
     * once (hand it to the holder), to be changed at first use. The old PIN is gone.
     */
    @Transactional
    public String reset(String staffId, String verificationMethod, String reason, String operator) {
        requireStaff(staffId);
        if (verificationMethod == null || verificationMethod.isBlank()) {
            throw new HubException(ErrorCode.IDENTITY_NOT_VERIFIED, "say how the holder's identity was verified "
                    + "(e.g. ID_CARD, IN_PERSON, FACE)");
        }
        String temporary = String.format("%08d", RANDOM.nextInt(100_000_000));
        store(staffId, temporary, true);
        throttle.cleared("pin:" + staffId);
        audit.append(AuditEvent.success(operator, "SECURITY_ADMIN", "PIN_RESET", "staff/" + staffId,
                "identity verified by " + verificationMethod.trim() + (reason == null ? "" : "; " + reason)));
        return temporary;
    }

    private void store(String staffId, String pin, boolean mustChange) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String hash = HexFormat.of().formatHex(hash(pin, salt));
        pins.store(staffId, hash, HexFormat.of().formatHex(salt), mustChange, Instant.now());
    }

    private Optional<String> stored(String staffId) {
        return pins.hash(staffId);
    }

    /** PBKDF2-HMAC-SM3, 32 bytes. */
    static byte[] hash(String pin, byte[] salt) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(new SM3Digest());
        generator.init(pin.getBytes(java.nio.charset.StandardCharsets.UTF_8), salt, ITERATIONS);
        return ((KeyParameter) generator.generateDerivedParameters(256)).getKey();
    }

    /** 6 to 16 characters, not one repeated character, not a run such as 123456 or 654321. */
    static void requireStrong(String pin) {
        if (pin == null || pin.length() < 6 || pin.length() > 16) {
            throw new HubException(ErrorCode.PIN_TOO_WEAK, "the signing PIN must have 6 to 16 characters");
        }
        boolean same = pin.chars().distinct().count() == 1;
        boolean ascending = true;
        boolean descending = true;
        for (int i = 1; i < pin.length(); i++) {
            ascending &= pin.charAt(i) == pin.charAt(i - 1) + 1;
            descending &= pin.charAt(i) == pin.charAt(i - 1) - 1;
        }
        if (same || ascending || descending) {
            throw new HubException(ErrorCode.PIN_TOO_WEAK,
                    "the signing PIN must not be one repeated character or a run "
                    + "such as 123456");
        }
    }

    private void requireStaff(String staffId) {
        if (!staff.exists(staffId)) {
            throw new HubException(ErrorCode.STAFF_UNKNOWN, "no staff member " + staffId);
        }
    }
}
