package org.medsign.hub.lifecycle.operations;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.ca.CertificateProfile;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.KeyCustody;
import org.medsign.hub.lifecycle.campaign.RenewalSkipReason;
import org.medsign.hub.lifecycle.ledger.CertificateHistory;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.medsign.hub.pki.CaConnector;
import org.medsign.hub.pki.PkiProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Replaces a staff certificate with a new hub-held one: the one issuing path of renewal campaigns and reissues.
 *
 * <p>Invariants of {@link #renew}: the new certificate is valid from now (so, for a certificate not yet expired,
 * new notBefore ≤ old notAfter: no gap); in the same transaction the old certificate leaves ACTIVE (→ SUPERSEDED) and
 * the new one becomes the holder's ACTIVE certificate, which is what signing resolves for every bound system; the old
 * certificate stays good at the CA (it still verifies what it signed) until it expires. The state change of the old
 * row is conditional on it still being ACTIVE, so two replacements of one certificate can never both commit.
 */
@Component
public class CertificateReplacement {

    /** How the new certificate was made. */
    public enum Mode {
        /** New hub-held key, subject and profile of the old certificate (CMP kur). */
        REKEY,
        /** Same hub-held key, new serial and validity (RFC 3647 renewal). */
        RECERTIFY,
        /**
         * The old certificate is not the hub CA's (imported, key not held), or its profile no longer fits the holder
         * (an organisation signer's certificate from before the organisation profile): new hub-held key, subject
         * from the roster, profile from the signer kind.
         */
        REPLACE,
        /** Reissue after loss, damage or an information change: old revoked, new key, subject from the roster. */
        REISSUE
    }

    /** The result: old and new serial, how, and the new validity. */
    public record Replaced(String oldSerial, String newSerial, String staffId, Mode mode, Instant notBefore,
                           Instant notAfter) {
    }

    /** What decides whether and how a certificate can be replaced, from the ledger and the roster. */
    public record Candidate(String serial, String staffId, CertificateState state, String keyAlias, String keyCustody,
                     boolean signing, Instant notBefore, Instant notAfter, byte[] der, String holderStatus,
                     String name, String department, String post, int otherValid) {

        /** A ledger certificate with its holder (null when it has none) and the holder's other valid ones. */
        public static Candidate of(StaffCertificateRepository.Replaceable c, StaffRepository.Holder holder,
                                   int otherValid) {
            return new Candidate(c.serial(), c.staffId(), c.state(), c.keyAlias(), c.keyCustody(), c.signing(),
                    c.notBefore(), c.notAfter(), c.der(), holder == null ? null : holder.employmentStatus(),
                    holder == null ? null : holder.name(), holder == null ? null : holder.department(),
                    holder == null ? null : holder.post(), otherValid);
        }
    }

    private final StaffCertificateRepository ledger;
    private final StaffRepository staff;
    private final KeyVault vault;
    private final CaConnector ca;
    private final StaffCertificates certificates;
    private final CertificateHistory history;
    private final AuditLog audit;
    private final Duration validity;

    public CertificateReplacement(StaffCertificateRepository ledger, StaffRepository staff, KeyVault vault, CaConnector ca, StaffCertificates certificates,
                                  CertificateHistory history, AuditLog audit, PkiProperties pki) {
        this.ledger = ledger;
        this.staff = staff;
        this.vault = vault;
        this.ca = ca;
        this.certificates = certificates;
        this.history = history;
        this.audit = audit;
        this.validity = pki.certificateValidity() == null ? Duration.ofDays(730) : pki.certificateValidity();
    }

    /** The certificate with its holder and the number of the holder's other valid signing certificates at {@code now}. */
    public Optional<Candidate> candidate(String serial, Instant now) {
        return ledger.replaceable(serial).map(c -> Candidate.of(c,
                c.staffId() == null ? null : staff.holder(c.staffId()).orElse(null),
                c.staffId() == null ? 0 : ledger.otherValidSigning(c.staffId(), c.serial(), now)));
    }

    /** Why a certificate cannot be renewed now, or empty when it can. */
    public static Optional<RenewalSkipReason> renewalBlocker(Candidate c, Instant now) {
        RenewalSkipReason reason = switch (c.state()) {
            case REVOKED -> RenewalSkipReason.REVOKED;
            case FROZEN -> RenewalSkipReason.FROZEN;
            case SUPERSEDED -> RenewalSkipReason.ALREADY_RENEWED;
            case ACTIVE -> null;
        };
        if (reason == null && c.staffId() == null) {
            reason = RenewalSkipReason.NO_HOLDER;
        } else if (reason == null && "left".equals(c.holderStatus())) {
            reason = RenewalSkipReason.HOLDER_LEFT;
        } else if (reason == null && !"active".equals(c.holderStatus())) {
            reason = RenewalSkipReason.HOLDER_NOT_ACTIVE;
        } else if (reason == null && !c.signing()) {
            reason = RenewalSkipReason.NOT_SIGNING;
        } else if (reason == null && KeyCustody.COLLABORATIVE.name().equals(c.keyCustody())) {
            reason = RenewalSkipReason.WAITS_FOR_DEVICE;
        } else if (reason == null && c.otherValid() > 0) {
            boolean valid = !now.isBefore(c.notBefore()) && !now.isAfter(c.notAfter());
            // a valid one beside others: duplicates to clean first; an expired one beside a valid one: renewed already
            reason = valid ? RenewalSkipReason.DUPLICATE : RenewalSkipReason.ALREADY_RENEWED;
        }
        return Optional.ofNullable(reason);
    }

    /**
     * Renews an ACTIVE certificate in the caller's transaction. {@code rekey} false re-certifies the old key when the
     * hub holds it and its CA issued the old certificate; otherwise a new key is made. {@code requestId} is the
     * idempotency key handed to the CA connector; {@code context} goes into history and audit (e.g. "campaign 7").
     *
     * @throws HubException CERTIFICATE_STATE_CONFLICT when the old certificate is no longer ACTIVE
     */
    public Replaced renew(Candidate old, boolean rekey, String requestId, String operator, String context) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        leaveActive(old.serial(), CertificateState.SUPERSEDED);
        X509CertificateHolder oldCertificate = Pem.certificate(old.der());
        // re-key and re-certify keep the old profile: only when it still fits the holder's signer kind
        boolean keepsProfile = ca.issued(oldCertificate)
                && CertificateProfile.of(oldCertificate) == certificates.profile(old.staffId());
        Mode mode;
        String alias;
        X509CertificateHolder issued;
        if (!rekey && keepsProfile && old.keyAlias() != null && vault.find(old.keyAlias()).isPresent()) {
            mode = Mode.RECERTIFY;
            alias = old.keyAlias();
            issued = ca.recertify(requestId, oldCertificate, now, now.plus(validity));
        } else {
            alias = StaffCertificates.newKeyAlias(old.staffId());
            SigningKeyRef key = vault.generate(alias);
            if (keepsProfile) {
                mode = Mode.REKEY;
                issued = ca.rekey(requestId, oldCertificate, key.publicKeyInfo(), now, now.plus(validity));
            } else {
                mode = Mode.REPLACE;
                issued = certificates.request(requestId, old.staffId(), old.name(), old.department(), old.post(),
                        key.publicKeyInfo(), now, now.plus(validity));
            }
        }
        String serial = certificates.record(old.staffId(), alias, issued, old.serial());
        history.record(old.serial(), operator, "SUPERSEDED", context + ": superseded by " + serial,
                "status=ACTIVE", "status=SUPERSEDED; by=" + serial);
        history.record(serial, operator, "RENEWED", context + ": renewal of " + old.serial() + " (" + mode + ")", null,
                "status=ACTIVE; holder=" + old.staffId() + "; replaces=" + old.serial());
        return new Replaced(old.serial(), serial, old.staffId(), mode, issued.getNotBefore().toInstant(),
                issued.getNotAfter().toInstant());
    }

    /**
     * Reissue (补办 after loss or damage, 信息变更 after a roster change) as one operation: the old certificate
     * (ACTIVE or FROZEN) is revoked with an RFC 5280 reason (at the CA when the hub's CA issued it; an imported
     * certificate is marked REVOKED in the ledger and must be revoked at its own CA as well), and a new key and
     * certificate with the roster's current name, department and post become the holder's ACTIVE certificate.
     */
    @Transactional
    public Replaced reissue(String serial, ReissueKind kind, RevocationReason reason, String note, String operator,
                            String role) {
        Candidate old = candidate(serial, Instant.now())
                .orElseThrow(() -> new HubException(ErrorCode.CERTIFICATE_UNKNOWN,
                        "no certificate " + serial + " in the ledger"));
        if (old.state() != CertificateState.ACTIVE && old.state() != CertificateState.FROZEN) {
            throw new HubException(ErrorCode.CERTIFICATE_STATE_CONFLICT,
                    "cannot reissue certificate " + serial + " in state "
                    + old.state());
        }
        if (old.staffId() == null || old.name() == null) {
            throw new HubException(ErrorCode.CERTIFICATE_NO_HOLDER,
                    "certificate " + serial + " has no holder in the roster");
        }
        if ("left".equals(old.holderStatus())) {
            throw new HubException(ErrorCode.HOLDER_LEFT, "the holder of certificate " + serial + " has left");
        }
        if (KeyCustody.COLLABORATIVE.name().equals(old.keyCustody())) {
            // a reissue makes a hub-held key, which would take the clinician's sole control away
            throw new HubException(ErrorCode.CERTIFICATE_STATE_CONFLICT, "certificate " + serial + " has a "
                    + "collaborative key: issue a new activation code and let the clinician activate the device again "
                    + "(the activation supersedes it)");
        }
        RevocationReason revocation = reason != null ? reason : kind.revocationReason();
        if (revocation == RevocationReason.CERTIFICATE_HOLD) {
            throw new HubException(ErrorCode.REVOCATION_REASON_INVALID,
                    "a reissue revokes for good: certificateHold is not a reason");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (!ledger.changeState(serial, old.state(), CertificateState.REVOKED, Instant.now())) {
            throw new HubException(ErrorCode.CERTIFICATE_STATE_CONFLICT,
                    "certificate " + serial + " changed meanwhile");
        }
        X509CertificateHolder oldCertificate = Pem.certificate(old.der());
        boolean fromOurCa = ca.issued(oldCertificate);
        if (fromOurCa) {
            ca.revoke("reissue/" + serial, oldCertificate, revocation);
        }
        String alias = StaffCertificates.newKeyAlias(old.staffId());
        SigningKeyRef key = vault.generate(alias);
        X509CertificateHolder issued = certificates.request("reissue/" + serial, old.staffId(), old.name(),
                old.department(), old.post(), key.publicKeyInfo(), now, now.plus(validity));
        String newSerial = certificates.record(old.staffId(), alias, issued, serial);
        String why = kind + " (" + revocation.rfcName() + ")" + (note == null || note.isBlank() ? "" : ": " + note);
        history.record(serial, operator, "REVOKED", "reissue " + why + (fromOurCa ? ""
                        : "; issued elsewhere: revoke it at its CA as well") + "; replaced by " + newSerial,
                "status=" + old.state(), "status=REVOKED; by=" + newSerial);
        history.record(newSerial, operator, "REISSUED", why + "; replaces " + serial, null,
                "status=ACTIVE; holder=" + old.staffId() + "; replaces=" + serial);
        audit.append(AuditEvent.success(operator, role, "CERTIFICATE_REISSUE", serial,
                "kind=" + kind + " reason=" + revocation.rfcName() + " new=" + newSerial
                        + (note == null || note.isBlank() ? "" : " note=" + truncate(note, 200))));
        return new Replaced(serial, newSerial, old.staffId(), Mode.REISSUE, issued.getNotBefore().toInstant(),
                issued.getNotAfter().toInstant());
    }

    private void leaveActive(String serial, CertificateState to) {
        if (!ledger.changeState(serial, CertificateState.ACTIVE, to, Instant.now())) {
            throw new HubException(ErrorCode.CERTIFICATE_STATE_CONFLICT,
                    "certificate " + serial + " is no longer ACTIVE");
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
