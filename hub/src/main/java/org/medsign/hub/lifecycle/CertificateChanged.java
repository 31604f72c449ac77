package org.medsign.hub.lifecycle;

/**
 * Published when a certificate lifecycle change was recorded in {@code certificate_event} (in the transaction of the
 * change); status sync delivers it to the systems once that transaction commits.
 *
 * @param eventId id of the {@code certificate_event} row
 */
public record CertificateChanged(long eventId) {
}
