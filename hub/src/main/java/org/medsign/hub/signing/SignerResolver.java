package org.medsign.hub.signing;

import java.time.Instant;
import java.util.List;

import org.medsign.crypto.ca.CertificateStatus;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.hub.pki.HubPki;
import org.springframework.stereotype.Component;

/**
 * System account → staff member → the one active signing certificate, refusing frozen, revoked, expired and
 * not-yet-valid certificates with specific errors. The newest usable certificate wins, so a collaborative certificate
 * (协同签名, issue #14) takes over from the hub-held one as soon as the clinician's device is activated. The CA's own revocation table is checked as well as the ledger
 * state, so a certificate frozen at the CA can never sign even if the ledger lags.
 */
@Component
public class SignerResolver {

    /** Fresh reads of the ledger while it and the CA disagree about a certificate (see {@link #resolve}). */
    private static final int AGREEMENT_READS = 10;
    /** The pause between two of them: a replacement commits within milliseconds. */
    private static final long AGREEMENT_PAUSE_NANOS = 2_000_000L;

    private final StaffDirectory directory;
    private final HubPki pki;

    public SignerResolver(StaffDirectory directory, HubPki pki) {
        this.directory = directory;
        this.pki = pki;
    }

    /** Resolves the signer of a request at {@code now}. */
    public ResolvedSigner resolve(String systemId, String signer, Instant now) {
        String staffId = directory.staffForAccount(systemId, signer)
                .orElseThrow(() -> SigningException.signerUnknown(systemId, signer));
        return resolve(staffId, now, AGREEMENT_READS);
    }

    /**
     * Resolves a staff member of the ledger by staff id at {@code now} (an organisation signer for its seal, which no
     * system names by account).
     */
    public ResolvedSigner resolveStaff(String staffId, Instant now) {
        return resolve(staffId, now, AGREEMENT_READS);
    }

    /**
     * One resolution from the ledger's credentials. The ledger and the CA's revocation table are read by two
     * statements: a replacement committed between them (a device activation revokes the hub-held certificate and
     * records the collaborative one in one transaction) shows the old certificate ACTIVE in the first read and revoked
     * in the second. So a CA revocation of a certificate the ledger called ACTIVE is checked against fresh reads of the
     * ledger ({@code reads} left, a short pause between them: on H2 a reader was seen to get the ledger from before
     * such a commit twice in a row, under a device-activation campaign) before it is the answer. The answer never
     * trusts the ledger over the CA: a certificate the CA calls revoked or frozen does not sign.
     */
    private ResolvedSigner resolve(String staffId, Instant now, int reads) {
        List<StaffCredential> credentials = directory.credentials(staffId);
        if (credentials.isEmpty()) {
            throw SigningException.noCertificate(staffId);
        }
        SigningException problem = null;
        for (StaffCredential credential : credentials) {
            if (credential.state() != CertificateState.ACTIVE) {
                continue;
            }
            if (now.isBefore(credential.notBefore())) {
                problem = first(problem, SigningException.notYetValid(staffId, credential.serial()));
                continue;
            }
            if (now.isAfter(credential.notAfter())) {
                problem = first(problem, SigningException.expired(staffId, credential.serial()));
                continue;
            }
            if (credential.keyAlias() == null && !credential.collaborative()) {
                // a certificate from the ledger import (UKey, other system): a hub-held one may still follow
                problem = first(problem, SigningException.keyNotHeld(staffId, credential.serial()));
                continue;
            }
            CertificateStatus status = pki.authority().status(SerialNumbers.parseHex(credential.serial()));
            if (reads > 1 && status.state() != CertificateStatus.State.GOOD
                    && status.state() != CertificateStatus.State.UNKNOWN) {
                if (reads < AGREEMENT_READS) {
                    java.util.concurrent.locks.LockSupport.parkNanos(AGREEMENT_PAUSE_NANOS);
                }
                return resolve(staffId, now, reads - 1);
            }
            if (status.state() == CertificateStatus.State.ON_HOLD) {
                throw SigningException.frozen(staffId, credential.serial());
            }
            if (status.state() == CertificateStatus.State.REVOKED) {
                throw SigningException.revoked(staffId, credential.serial());
            }
            return new ResolvedSigner(staffId, credential, directory.isOrganisation(staffId));
        }
        if (problem != null) {
            throw problem;
        }
        StaffCredential newest = credentials.get(0);
        if (newest.state() == CertificateState.FROZEN) {
            throw SigningException.frozen(staffId, newest.serial());
        }
        if (newest.state() == CertificateState.REVOKED) {
            throw SigningException.revoked(staffId, newest.serial());
        }
        throw SigningException.noCertificate(staffId);
    }

    private static SigningException first(SigningException existing, SigningException candidate) {
        return existing != null ? existing : candidate;
    }
}
