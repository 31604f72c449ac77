package org.medsign.hub.mobile;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.ledger.SystemAccountRepository;
import org.medsign.hub.lifecycle.operations.StaffPins;
import org.medsign.hub.mobile.LoginChallengeRepository.Row;
import org.medsign.hub.signing.CollaborativeRounds;
import org.medsign.hub.signing.ResolvedSigner;
import org.medsign.hub.signing.SignerResolver;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scan-to-login (扫码登录): a hospital system asks for a challenge and shows it as a QR code; the clinician scans it,
 * sees which system asks, and confirms with the signing PIN; the hub then signs {@link #signedData} (the challenge
 * bound to system, account, staff member, certificate and time) with the clinician's hub-held key (SM2 with SM3, the
 * GM/T 0009 default ID, DER) and the system polls the signature and the certificate. Invariants: a challenge is
 * confirmed at most once and only before it expires ({@link QrProperties#loginChallengeValidity()}); only a staff
 * member with an account in the asking system may confirm; the PIN is checked by {@link StaffPins} exactly as for a
 * task (wrong PINs counted, locked after the limit, throttled per client address) before anything is signed; the
 * certificate must be one the signing worker would sign with ({@link SignerResolver}: not frozen, revoked or expired).
 */
@Component
public class LoginChallenges {

    /** First line of every signed login statement (its format version). */
    public static final String STATEMENT_HEADER = "MEDSIGN-LOGIN-1";
    private static final int CHALLENGE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A challenge just issued, for the system to show as a QR code. */
    public record Issued(String id, String challenge, Instant expiresAt) {
    }

    /** What the app shows before the clinician confirms: who asks, as whom (null: no account there), until when. */
    public record Prompt(String id, String systemId, String account, String status, Instant expiresAt) {
    }

    /**
     * The state the system polls: {@code PENDING}, {@code EXPIRED} or {@code CONFIRMED} with the signer, their
     * account in the system, the signed bytes, the DER signature and the certificate (PEM).
     */
    public record Result(String id, String status, Instant expiresAt, String staffId, String account,
                         String certificateSerial, byte[] signedData, byte[] signature, String certificate,
                         Instant confirmedAt) {
    }

    private final LoginChallengeRepository challenges;
    private final SystemAccountRepository accounts;
    private final StaffPins pins;
    private final SignerResolver signers;
    private final KeyVault vault;
    private final AuditLog audit;
    private final QrProperties properties;
    private final TransactionTemplate transaction;
    private final CollaborativeRounds rounds;

    public LoginChallenges(LoginChallengeRepository challenges, SystemAccountRepository accounts, StaffPins pins,
                           SignerResolver signers, KeyVault vault, AuditLog audit, QrProperties properties,
                           PlatformTransactionManager transactions, CollaborativeRounds rounds) {
        this.rounds = rounds;
        this.challenges = challenges;
        this.accounts = accounts;
        this.pins = pins;
        this.signers = signers;
        this.vault = vault;
        this.audit = audit;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Issues a new challenge for {@code systemId}: 256 random bits, valid for the configured time. */
    public Issued issue(String systemId) {
        byte[] random = new byte[CHALLENGE_BYTES];
        RANDOM.nextBytes(random);
        String id = UUID.randomUUID().toString();
        String challenge = Base64.getEncoder().encodeToString(random);
        Instant now = Instant.now();
        Instant expiresAt = now.plus(properties.loginChallengeValidity());
        transaction.executeWithoutResult(status -> {
            challenges.insert(id, systemId, challenge, now, expiresAt);
            audit.append(AuditEvent.success("system:" + systemId, "SYSTEM", "LOGIN_CHALLENGE_ISSUED", target(id),
                    "valid until " + expiresAt));
        });
        return new Issued(id, challenge, expiresAt);
    }

    /** The system's own challenge; another system's or an unknown id is LOGIN_CHALLENGE_UNKNOWN. */
    public Result result(String systemId, String id) {
        Row row = find(id).filter(found -> found.systemId().equals(systemId)).orElseThrow(() -> unknown(id));
        String status = status(row, Instant.now());
        if (!status.equals("CONFIRMED")) {
            return new Result(row.id(), status, row.expiresAt(), null, null, null, null, null, null, null);
        }
        return new Result(row.id(), status, row.expiresAt(), row.staffId(), row.account(), row.certificateSerial(),
                row.signedData(), row.signature(), Pem.certificatePem(Pem.certificate(row.certificate())),
                row.confirmedAt());
    }

    /** Whether the system's challenge exists (for its QR code); LOGIN_CHALLENGE_UNKNOWN otherwise. */
    public void requireOwn(String systemId, String id) {
        find(id).filter(found -> found.systemId().equals(systemId)).orElseThrow(() -> unknown(id));
    }

    /** The challenge as the scanning clinician sees it. */
    public Prompt prompt(String staffId, String id) {
        Row row = find(id).orElseThrow(() -> unknown(id));
        return new Prompt(row.id(), row.systemId(), accountOf(staffId, row.systemId()), status(row, Instant.now()),
                row.expiresAt());
    }

    /**
     * Confirms a challenge as {@code staffId} with the signing PIN and signs it. Refusals, in this order (nothing is
     * signed): LOGIN_CHALLENGE_UNKNOWN, LOGIN_CHALLENGE_USED, LOGIN_CHALLENGE_EXPIRED, LOGIN_CHALLENGE_NO_ACCOUNT,
     * PIN_MISSING, then the PIN check's (PIN_WRONG, PIN_LOCKED, PIN_THROTTLED, PIN_NOT_SET), then the certificate's
     * (SIGNER_CERTIFICATE_FROZEN…).
     *
     * @param source the client address, for the PIN throttle
     */
    public Result confirm(String staffId, String id, String pin, String source) {
        String actor = "staff:" + staffId;
        Row row = find(id).orElseThrow(() -> unknown(id));
        try {
            checkOpen(row, Instant.now());
            String account = accountOf(staffId, row.systemId());
            if (account == null) {
                throw new HubException(ErrorCode.LOGIN_CHALLENGE_NO_ACCOUNT, "you have no account in system "
                        + row.systemId() + ", which asks for this login");
            }
            if (pin == null || pin.isBlank()) {
                throw new HubException(ErrorCode.PIN_MISSING, "confirm with the signing PIN (pin)");
            }
            // not in the signing transaction: a wrong PIN's count must stay
            pins.verify(staffId, pin, actor, source);
            transaction.executeWithoutResult(status -> sign(staffId, account, id));
        } catch (HubException e) {
            audit.append(AuditEvent.failure(actor, "SIGNER", "LOGIN_CHALLENGE_CONFIRM", target(id), e.code().name()));
            throw e;
        }
        return result(row.systemId(), id);
    }

    /**
     * With a collaborative key (协同签名): the checks and PIN of {@link #confirm}, then a signing round with the device
     * over the login statement ({@link CollaborativeRounds#openForData}); the device answers through the round's
     * answer step and {@link #finishCollaborative} stores the signature. A hub-held key is DEVICE_NOT_ACTIVATED
     * (confirm with the PIN).
     */
    public CollaborativeRounds.Opened startCollaborative(String staffId, String id, String pin, String source) {
        String actor = "staff:" + staffId;
        Row row = find(id).orElseThrow(() -> unknown(id));
        try {
            Instant now = Instant.now();
            checkOpen(row, now);
            String account = ownAccount(staffId, row);
            if (pin == null || pin.isBlank()) {
                throw new HubException(ErrorCode.PIN_MISSING, "confirm with the signing PIN (pin)");
            }
            pins.verify(staffId, pin, actor, source);
            ResolvedSigner signer = signerOf(staffId, account, row, now);
            return rounds.openForData(staffId, signer, signedData(row, account, staffId, signer.credential().serial(),
                    now), purpose(id));
        } catch (HubException e) {
            audit.append(AuditEvent.failure(actor, "SIGNER", "LOGIN_CHALLENGE_CONFIRM", target(id), e.code().name()));
            throw e;
        }
    }

    /**
     * Stores the device's signature of a collaborative login round: it must verify over the statement the round
     * prepared, the challenge must still be open and the statement's certificate still the signer's.
     */
    public Result finishCollaborative(String staffId, String id, CollaborativeRounds.Finished finished) {
        String actor = "staff:" + staffId;
        Row row = find(id).orElseThrow(() -> unknown(id));
        try {
            CollaborativeRounds.Signed signed = rounds.finishData(staffId, purpose(id), finished);
            transaction.executeWithoutResult(status -> {
                Instant now = Instant.now();
                Row locked = challenges.lock(id).orElseThrow(() -> unknown(id));
                checkOpen(locked, now);
                String account = ownAccount(staffId, locked);
                ResolvedSigner signer = signerOf(staffId, account, locked, now);
                if (!signer.credential().serial().equals(signed.serial())) {
                    throw new HubException(ErrorCode.COLLAB_MESSAGE_INVALID, "the certificate changed during the "
                            + "round; scan again");
                }
                store(staffId, account, id, locked, signer, signed.message(), signed.signature(), now);
            });
        } catch (HubException e) {
            audit.append(AuditEvent.failure(actor, "SIGNER", "LOGIN_CHALLENGE_CONFIRM", target(id), e.code().name()));
            throw e;
        }
        return result(row.systemId(), id);
    }

    private String ownAccount(String staffId, Row row) {
        String account = accountOf(staffId, row.systemId());
        if (account == null) {
            throw new HubException(ErrorCode.LOGIN_CHALLENGE_NO_ACCOUNT, "you have no account in system "
                    + row.systemId() + ", which asks for this login");
        }
        return account;
    }

    private ResolvedSigner signerOf(String staffId, String account, Row row, Instant now) {
        ResolvedSigner signer = signers.resolve(row.systemId(), account, now);
        if (!signer.staffId().equals(staffId)) { // the account was re-pointed meanwhile
            throw new HubException(ErrorCode.LOGIN_CHALLENGE_NO_ACCOUNT, "account " + account + " of system "
                    + row.systemId() + " is not yours");
        }
        return signer;
    }

    private static String purpose(String id) {
        return "login/" + id;
    }

    private void sign(String staffId, String account, String id) {
        Instant now = Instant.now();
        Row row = challenges.lock(id).orElseThrow(() -> unknown(id));
        checkOpen(row, now);
        ResolvedSigner signer = signerOf(staffId, account, row, now);
        if (signer.collaborative()) {
            throw new HubException(ErrorCode.COLLAB_ROUND_REQUIRED, "your key is collaborative: confirm the login "
                    + "with your device's signing round");
        }
        SigningKeyRef key = vault.find(signer.credential().keyAlias())
                .orElseThrow(() -> new HubException(ErrorCode.SIGNER_KEY_MISSING, "key of certificate "
                        + signer.credential().serial() + " is missing from the vault"));
        byte[] data = signedData(row, account, staffId, signer.credential().serial(), now);
        byte[] signature = key.sign(data, SignerId.DEFAULT, Sm2SignatureEncoding.DER);
        store(staffId, account, id, row, signer, data, signature, now);
    }

    private void store(String staffId, String account, String id, Row row, ResolvedSigner signer, byte[] data,
                       byte[] signature, Instant now) {
        boolean stored = challenges.confirm(id, new LoginChallengeRepository.Answer(staffId, account,
                signer.credential().serial(), Pem.encoded(signer.credential().certificate()), data, signature, now));
        if (!stored) {
            throw new HubException(ErrorCode.LOGIN_CHALLENGE_USED, "login challenge " + id + " is confirmed already");
        }
        audit.append(AuditEvent.success("staff:" + staffId, "SIGNER", "LOGIN_CHALLENGE_CONFIRMED", target(id),
                "system " + row.systemId() + ", account " + account + ", certificate " + signer.credential().serial()));
    }

    /**
     * The bytes signed for a confirmed challenge: UTF-8 lines {@code key=value} separated by LF, no final LF, after
     * the header {@value #STATEMENT_HEADER}: challengeId, challenge, system, account, staffId, certificateSerial,
     * signedAt (ISO-8601). The system checks that its challenge and its own id are in them.
     */
    static byte[] signedData(Row row, String account, String staffId, String serial, Instant at) {
        String statement = String.join("\n", List.of(STATEMENT_HEADER, "challengeId=" + row.id(),
                "challenge=" + row.challenge(), "system=" + row.systemId(), "account=" + account,
                "staffId=" + staffId, "certificateSerial=" + serial, "signedAt=" + at));
        return statement.getBytes(StandardCharsets.UTF_8);
    }

    private String accountOf(String staffId, String systemId) {
        return accounts.accountsOf(staffId, systemId).stream().sorted().findFirst().orElse(null);
    }

    private Optional<Row> find(String id) {
        if (id == null || id.length() != 36) {
            return Optional.empty();
        }
        return challenges.find(id);
    }

    private static void checkOpen(Row row, Instant now) {
        if (row.status() == LoginChallengeRepository.Status.CONFIRMED) {
            throw new HubException(ErrorCode.LOGIN_CHALLENGE_USED, "login challenge " + row.id()
                    + " is confirmed already");
        }
        if (!row.expiresAt().isAfter(now)) {
            throw new HubException(ErrorCode.LOGIN_CHALLENGE_EXPIRED, "login challenge " + row.id() + " expired at "
                    + row.expiresAt() + "; ask the system for a new QR code");
        }
    }

    private static String status(Row row, Instant now) {
        if (row.status() == LoginChallengeRepository.Status.CONFIRMED) {
            return "CONFIRMED";
        }
        return row.expiresAt().isAfter(now) ? "PENDING" : "EXPIRED";
    }

    private static HubException unknown(String id) {
        return new HubException(ErrorCode.LOGIN_CHALLENGE_UNKNOWN, "no login challenge " + id);
    }

    private static String target(String id) {
        return "login/" + id;
    }
}
