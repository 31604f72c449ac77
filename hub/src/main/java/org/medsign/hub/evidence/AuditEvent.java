package org.medsign.hub.evidence;

/**
 * What happened, for the audit chain. No personal identity numbers or payloads: ids and digests only.
 *
 * @param actor   who (user name, "system:his", "hub")
 * @param role    in which role (SYSTEM, SECURITY_ADMIN, …)
 * @param action  verb, e.g. SIGN, SIGN_REFUSED, CERTIFICATE_FREEZE, LOGIN_FAILED
 * @param target  what it acted on (signature id, certificate serial, request key)
 * @param outcome SUCCESS, FAILURE or DENIED
 * @param detail  short free text (ids, digests, reason codes)
 */
public record AuditEvent(String actor, String role, String action, String target, String outcome, String detail) {

    /** A successful event. */
    public static AuditEvent success(String actor, String role, String action, String target, String detail) {
        return new AuditEvent(actor, role, action, target, "SUCCESS", detail);
    }

    /** A failed event. */
    public static AuditEvent failure(String actor, String role, String action, String target, String detail) {
        return new AuditEvent(actor, role, action, target, "FAILURE", detail);
    }
}
