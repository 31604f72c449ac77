package org.medsign.hub.lifecycle.operations;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.crypto.sm.Sm2;
import org.medsign.hub.HubException;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.KeyCustody;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.ledger.CertificateHistory;
import org.medsign.hub.lifecycle.ledger.StaffCertificateRepository;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.medsign.hub.pki.CaConnector;
import org.medsign.hub.pki.PkiProperties;
import org.springframework.stereotype.Component;

/**
 * Certifies the joint public key of a collaborative key (协同签名, issue #14) for a staff member.
 *
 * <p>Invariants of {@link #certify}: the new certificate has the subject and GM/T 0015 signing profile of the holder's
 * current hub-held or collaborative certificate (a device renewal re-keys the collaborative one) (a CMP kur of it when the hub's CA issued it; otherwise the roster's subject, as a
 * replacement would), is valid from now, and is recorded ACTIVE with key custody COLLABORATIVE and no key alias. Once
 * it is recorded, in the same transaction, the holder's hub-held signing certificates are revoked with reason
 * superseded and their keys destroyed in the vault (from then on the hub cannot sign for the holder alone), and so is
 * an earlier collaborative certificate of the holder (a previous device). Until the transaction commits the hub-held
 * certificate is what signing resolves: there is no moment without a valid certificate.
 */
@Component
public class CollaborativeCertificates {

    /** The certificate issued, and the hub-held certificate its subject and profile came from (null: the roster). */
    public record Certified(String serial, X509CertificateHolder certificate, String basedOn) {
    }

    private final StaffCertificateRepository ledger;
    private final StaffRepository staff;
    private final CaConnector ca;
    private final StaffCertificates certificates;
    private final CertificateHistory history;
    private final Duration validity;
    private final KeyVault vault;

    public CollaborativeCertificates(StaffCertificateRepository ledger, StaffRepository staff, CaConnector ca,
                                     StaffCertificates certificates, CertificateHistory history, PkiProperties pki,
                                     KeyVault vault) {
        this.vault = vault;
        this.ledger = ledger;
        this.staff = staff;
        this.ca = ca;
        this.certificates = certificates;
        this.history = history;
        this.validity = pki.certificateValidity() == null ? Duration.ofDays(730) : pki.certificateValidity();
    }

    /**
     * Issues and records, in the caller's transaction, the signing certificate of the joint public key {@code p}.
     *
     * @throws HubException STAFF_UNKNOWN, HOLDER_LEFT
     */
    public Certified certify(String staffId, ECPublicKeyParameters p, String requestId, String operator) {
        StaffRepository.Holder holder = staff.holder(staffId)
                .orElseThrow(() -> new HubException(ErrorCode.STAFF_UNKNOWN, "no staff member " + staffId));
        if ("left".equals(holder.employmentStatus())) {
            throw new HubException(ErrorCode.HOLDER_LEFT, "staff member " + staffId + " has left");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Optional<StaffCredential> current = ledger.credentials(staffId).stream()
                .filter(c -> c.state() == CertificateState.ACTIVE && (c.keyAlias() != null || c.collaborative())
                        && !now.isBefore(c.notBefore()) && !now.isAfter(c.notAfter()))
                .filter(c -> ca.issued(c.certificate()))
                .findFirst();
        X509CertificateHolder issued = current.isPresent()
                ? ca.rekey(requestId, current.get().certificate(), Sm2.toSubjectPublicKeyInfo(p), now, now.plus(validity))
                : ca.issue(requestId, certificates.subject(staffId, holder.name(), holder.department(), holder.post()),
                        Sm2.toSubjectPublicKeyInfo(p), now, now.plus(validity));
        String basedOn = current.map(StaffCredential::serial).orElse(null);
        String serial = certificates.recordCollaborative(staffId, issued);
        history.record(serial, operator, "ISSUED", "collaborative key (device activation)"
                        + (basedOn == null ? "; subject from the roster" : "; subject and profile of " + basedOn),
                null, "status=ACTIVE; holder=" + staffId + "; custody=" + KeyCustody.COLLABORATIVE);
        for (StaffCertificateRepository.Listed earlier : ledger.listed(staffId, CertificateState.ACTIVE,
                KeyCustody.COLLABORATIVE, null)) {
            if (!earlier.serial().equals(serial)) {
                supersede(earlier.serial(), serial, operator, "superseded by the collaborative key of a new device: ");
            }
        }
        for (StaffCertificateRepository.Listed hubHeld : ledger.listed(staffId, CertificateState.ACTIVE,
                KeyCustody.HUB, null)) {
            String alias = ledger.credential(hubHeld.serial()).map(StaffCredential::keyAlias).orElse(null);
            supersede(hubHeld.serial(), serial, operator, "superseded by the collaborative key (协同签名) ");
            if (alias != null) {
                vault.destroy(alias);
            }
        }
        return new Certified(serial, issued, basedOn);
    }

    private void supersede(String serial, String by, String operator, String why) {
        if (!ledger.changeState(serial, CertificateState.ACTIVE, CertificateState.REVOKED, Instant.now())) {
            throw new HubException(ErrorCode.CERTIFICATE_STATE_CONFLICT, "certificate " + serial + " changed meanwhile");
        }
        ledger.credential(serial).map(StaffCredential::certificate).filter(ca::issued)
                .ifPresent(old -> ca.revoke("device/" + by, old, RevocationReason.SUPERSEDED));
        history.record(serial, operator, "REVOKED", why + by,
                "status=ACTIVE", "status=REVOKED; by=" + by);
    }
}
