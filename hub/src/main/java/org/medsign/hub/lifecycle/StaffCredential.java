package org.medsign.hub.lifecycle;

import java.time.Instant;

import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A staff member's certificate as the ledger knows it.
 *
 * @param staffId     holder
 * @param serial      certificate serial (hex)
 * @param state       ledger state
 * @param keyAlias    alias of the hub-held key, or null when the key is not in the hub's custody
 * @param notBefore   start of validity
 * @param notAfter    end of validity
 * @param certificate the certificate
 * @param custody     who holds the private key; {@link KeyCustody#COLLABORATIVE}: the clinician's device and the hub
 *                    together, never the hub alone (its key alias is null)
 */
public record StaffCredential(String staffId, String serial, CertificateState state, String keyAlias,
                              Instant notBefore, Instant notAfter, X509CertificateHolder certificate,
                              KeyCustody custody) {

    /** A credential whose custody follows from the alias: HUB with one, EXTERNAL without. */
    public StaffCredential(String staffId, String serial, CertificateState state, String keyAlias, Instant notBefore,
                           Instant notAfter, X509CertificateHolder certificate) {
        this(staffId, serial, state, keyAlias, notBefore, notAfter, certificate,
                keyAlias != null ? KeyCustody.HUB : KeyCustody.EXTERNAL);
    }

    /** Whether the key is collaborative (协同签名): a signature needs the holder's device. */
    public boolean collaborative() {
        return custody == KeyCustody.COLLABORATIVE;
    }
}
