package org.medsign.adapters.model;

import java.time.Instant;
import java.util.List;

/**
 * A certificate lifecycle change as a system's status route receives it (状态同步), addressed to one system: the
 * holder as that system knows them (its own account codes) and what changed.
 *
 * @param eventId    hub-wide id of the change (idempotency key for the receiver)
 * @param systemId   the system it is addressed to
 * @param accounts   the system's own codes for the holder (may be empty)
 * @param staffId    holder (hub staff id), or null for a certificate without holder
 * @param name       holder's name, or null
 * @param department holder's department, or null
 * @param serial     certificate serial (hex)
 * @param action     ISSUED, FROZEN, UNFROZEN, REVOKED, RENEWED, SUPERSEDED, REISSUED…
 * @param oldStatus  status before (ACTIVE, FROZEN, REVOKED, SUPERSEDED), or null for a new certificate
 * @param newStatus  status after
 * @param reason     why (an RFC 5280 reason name for revocations), or null
 * @param time       when the change was made
 * @param notBefore  start of the certificate's validity, or null
 * @param notAfter   end of the certificate's validity, or null
 */
public record CertificateStatusEvent(long eventId, String systemId, List<String> accounts, String staffId, String name,
                                     String department, String serial, String action, String oldStatus,
                                     String newStatus, String reason, Instant time, Instant notBefore,
                                     Instant notAfter) {

    public CertificateStatusEvent {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    /** Whether the certificate can sign after this change. */
    public boolean usable() {
        return "ACTIVE".equals(newStatus);
    }
}
