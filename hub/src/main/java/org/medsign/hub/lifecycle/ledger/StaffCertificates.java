package org.medsign.hub.lifecycle.ledger;

import java.time.Instant;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.ca.CertificateProfile;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.key.SigningKeyRef;
import org.medsign.hub.keys.KeyVault;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.KeyCustody;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.internal.ParsedCertificate;
import org.medsign.hub.pki.CaConnector;
import org.medsign.hub.pki.HubPki;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues staff signing certificates whose keys the hub keeps (key custody "hub"), through the configured
 * {@link CaConnector}, and records them in the ledger. Renewal and reissue record their certificates here too.
 */
@Component
public class StaffCertificates {

    private final StaffCertificateRepository ledger;
    private final StaffRepository staff;
    private final SystemAccountRepository accounts;
    private final KeyVault vault;
    private final HubPki pki;
    private final CaConnector ca;
    private final CertificateHistory history;

    public StaffCertificates(StaffCertificateRepository ledger, StaffRepository staff, SystemAccountRepository accounts,
                             KeyVault vault, HubPki pki, CaConnector ca, CertificateHistory history) {
        this.ledger = ledger;
        this.staff = staff;
        this.accounts = accounts;
        this.vault = vault;
        this.pki = pki;
        this.ca = ca;
        this.history = history;
    }

    /**
     * Issues a new certificate for a staff member with a fresh key held by the hub, and records it ACTIVE. The
     * subject carries the staff id as serialNumber (2.5.4.5), the post as title (2.5.4.12); the profile follows the
     * holder's signer kind ({@link #profile}), so an organisation signer gets an organisation certificate.
     */
    @Transactional
    public StaffCredential issue(String staffId, String name, String department, String post, Instant notBefore,
                                 Instant notAfter) {
        String alias = newKeyAlias(staffId);
        SigningKeyRef key = vault.generate(alias);
        X509CertificateHolder certificate = request("issue/" + alias, staffId, name, department, post,
                key.publicKeyInfo(), notBefore, notAfter);
        String serial = record(staffId, alias, certificate, null);
        history.record(serial, "hub", "ISSUED", null, null,
                LedgerImport.state("ACTIVE", staffId, "ISSUED", boundSystems(staffId)));
        return new StaffCredential(staffId, serial, CertificateState.ACTIVE, alias,
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), certificate);
    }

    /**
     * A new certificate from the CA connector for a holder's key, subject from the roster's fields, profile from the
     * holder's signer kind: the one place issue, replacement and reissue choose subject and profile. An organisation
     * certificate carries no title (a post belongs to a person).
     */
    public X509CertificateHolder request(String requestId, String staffId, String name, String department,
                                         String post, SubjectPublicKeyInfo publicKey, Instant notBefore,
                                         Instant notAfter) {
        CertificateProfile profile = profile(staffId);
        String title = profile == CertificateProfile.ORGANISATION_SIGNING ? null : post;
        return ca.issue(requestId, subject(staffId, name, department, title), publicKey, notBefore, notAfter, profile);
    }

    /**
     * The CA profile of a holder's certificates: {@link CertificateProfile#ORGANISATION_SIGNING} for an organisation
     * signer ({@code signer_kind = 'ORGANISATION'}), else the personal {@link CertificateProfile#SIGNING}.
     */
    public CertificateProfile profile(String staffId) {
        return staff.isOrganisation(staffId) ? CertificateProfile.ORGANISATION_SIGNING : CertificateProfile.SIGNING;
    }

    /** A fresh, unique alias for a staff member's key. */
    public static String newKeyAlias(String staffId) {
        return "staff-" + staffId + "-" + Long.toHexString(System.nanoTime());
    }

    /** The hub's subject for a staff certificate: C, O (the CA's), OU department, title post, CN name, serialNumber. */
    public X500Name subject(String staffId, String name, String department, String post) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN");
        String organisation = DistinguishedNames.first(pki.root().getSubject(), BCStyle.O);
        if (organisation != null) {
            subject.addRDN(BCStyle.O, organisation);
        }
        if (department != null && !department.isBlank()) {
            subject.addRDN(BCStyle.OU, department);
        }
        if (post != null && !post.isBlank()) {
            subject.addRDN(BCStyle.T, post);
        }
        return subject.addRDN(BCStyle.CN, name).addRDN(BCStyle.SERIALNUMBER, staffId).build();
    }

    /** The holder's systems, comma-separated and sorted, or null. */
    public String boundSystems(String staffId) {
        String bound = String.join(",", accounts.systemsOf(staffId));
        return bound.isEmpty() ? null : bound;
    }

    /**
     * Records a certificate of a collaborative key (issue #14) as an ACTIVE certificate of the holder, key custody
     * COLLABORATIVE and no key alias (no history entry: the caller writes it). Returns its serial.
     */
    public String recordCollaborative(String staffId, X509CertificateHolder certificate) {
        String serial = SerialNumbers.hex(certificate.getSerialNumber());
        ledger.insertIssued(serial, staffId, null, KeyCustody.COLLABORATIVE, ParsedCertificate.of(certificate),
                boundSystems(staffId), null, Instant.now());
        return serial;
    }

    /**
     * Records a certificate the hub holds the key of as the holder's ACTIVE certificate (no history entry: the caller
     * writes the one that says why). Returns its serial.
     */
    public String record(String staffId, String keyAlias, X509CertificateHolder certificate, String replacesSerial) {
        String serial = SerialNumbers.hex(certificate.getSerialNumber());
        ledger.insertIssued(serial, staffId, keyAlias, ParsedCertificate.of(certificate), boundSystems(staffId),
                replacesSerial, Instant.now());
        return serial;
    }
}
