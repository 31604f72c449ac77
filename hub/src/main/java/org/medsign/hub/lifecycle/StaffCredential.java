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
 */
public record StaffCredential(String staffId, String serial, CertificateState state, String keyAlias,
                              Instant notBefore, Instant notAfter, X509CertificateHolder certificate) {
}
