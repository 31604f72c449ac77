package org.medsign.hub.mobile;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.CredentialThrottle;
import org.medsign.hub.CredentialThrottledException;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.hub.lifecycle.operations.StaffPins;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Activation of the mobile app (激活): a security administrator issues a one-time code for a staff member (after
 * checking who they are), the clinician types it with their staff id on the phone and chooses the signing PIN. A code
 * is stored only as its SM3 hash, is usable once, until it expires ({@code medsign.mobile.activation-validity}), and a
 * new code replaces the previous one. A wrong, used or expired code changes nothing; wrong codes go through the hub's
 * {@link CredentialThrottle} (credential {@code activation:<staffId>}, source: the client address).
 */
@Component
public class AppActivations {

    /** A code just issued: shown once to the administrator, never stored or logged in clear. */
    public record Issued(String staffId, String code, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[" + staffId + ", ***, " + expiresAt + "]";
        }
    }

    private final ActivationCodeRepository codes;
    private final StaffDirectory directory;
    private final StaffPins pins;
    private final AuditLog audit;
    private final CredentialThrottle throttle;
    private final MobileProperties properties;
    private final TransactionTemplate transaction;

    public AppActivations(ActivationCodeRepository codes, StaffDirectory directory, StaffPins pins, AuditLog audit,
                          CredentialThrottle throttle, MobileProperties properties,
                          PlatformTransactionManager transactions) {
        this.transaction = new TransactionTemplate(transactions);
        this.codes = codes;
        this.directory = directory;
        this.pins = pins;
        this.audit = audit;
        this.throttle = throttle;
        this.properties = properties;
    }

    /** Issues a new one-time code for {@code staffId} (replacing any earlier one); 404 STAFF_UNKNOWN. */
    @Transactional
    public Issued issue(String staffId, String operator) {
        if (staffId == null || !directory.staffExists(staffId)) {
            throw new HubException(ErrorCode.STAFF_UNKNOWN, "no staff member " + staffId);
        }
        String code = MobileSecrets.activationCode();
        Instant now = Instant.now();
        Instant expiresAt = now.plus(properties.activationValidity());
        codes.replace(staffId, MobileSecrets.hash(code), operator, now, expiresAt);
        audit.append(AuditEvent.success(operator, "SECURITY_ADMIN", "APP_ACTIVATION_ISSUED", "staff/" + staffId,
                "valid until " + expiresAt));
        return new Issued(staffId, code, expiresAt);
    }

    /** Whether the staff member's current activation code has been used (the app is activated with it). */
    public boolean activated(String staffId) {
        return codes.current(staffId).map(stored -> stored.usedAt() != null).orElse(false);
    }

    /**
     * Activates the app: with the staff member's valid code, sets their signing PIN ({@link StaffPins#establish}, its
     * rules: PIN_TOO_WEAK) and uses the code up. Otherwise ACTIVATION_CODE_INVALID (also for an unknown staff id, so
     * that the answer does not tell which ids exist) and nothing changes.
     *
     * @param source the client address, for the throttle
     */
    public void activate(String staffId, String code, String pin, String source) {
        activate(staffId, code, pin, source, () -> null);
    }

    /**
     * {@link #activate(String, String, String, String)} that also runs {@code alsoInTransaction} (a device's key
     * generation, issue #14) in the transaction that uses the code up and sets the PIN: if it fails, the code stays
     * unused, no PIN is set and nothing it wrote remains. Returns what it returns.
     */
    public <T> T activate(String staffId, String code, String pin, String source, Supplier<T> alsoInTransaction) {
        String id = staffId == null ? "" : staffId.trim();
        String credential = "activation:" + id;
        throttle.refusal(credential, source).ifPresent(wait -> {
            throw new CredentialThrottledException(ErrorCode.AUTHENTICATION_LOCKED_OUT, "too many wrong activation "
                    + "codes; try again in " + CredentialThrottledException.seconds(wait) + " s", wait);
        });
        Instant now = Instant.now();
        String hash = MobileSecrets.hash(MobileSecrets.normaliseCode(code));
        Optional<ActivationCodeRepository.Stored> stored = id.isEmpty() ? Optional.empty() : codes.current(id);
        String problem = stored.isEmpty() ? "no code issued" : problem(stored.get(), hash, now);
        if (problem != null) {
            throttle.failed(credential, source);
            audit.append(AuditEvent.failure("staff:" + id, "SIGNER", "APP_ACTIVATE", "staff/" + id, problem));
            throw new HubException(ErrorCode.ACTIVATION_CODE_INVALID, "the activation code is wrong, expired or used; "
                    + "ask the security administrator for a new one");
        }
        // one transaction: a PIN refused by the rules (PIN_TOO_WEAK) leaves the code unused
        T result = transaction.execute(status -> {
            if (!codes.markUsed(id, hash, now)) { // used concurrently
                throw new HubException(ErrorCode.ACTIVATION_CODE_INVALID, "the activation code is wrong, expired or "
                        + "used");
            }
            pins.establish(id, pin, "staff:" + id);
            T done = alsoInTransaction.get();
            audit.append(AuditEvent.success("staff:" + id, "SIGNER", "APP_ACTIVATED", "staff/" + id, null));
            return done;
        });
        throttle.succeeded(credential, source);
        return result;
    }

    private static String problem(ActivationCodeRepository.Stored stored, String hash, Instant now) {
        if (!MessageDigest.isEqual(stored.codeHash().getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII))) {
            return "wrong code";
        }
        if (stored.usedAt() != null) {
            return "code used already";
        }
        if (!stored.expiresAt().isAfter(now)) {
            return "code expired";
        }
        return null;
    }
}
