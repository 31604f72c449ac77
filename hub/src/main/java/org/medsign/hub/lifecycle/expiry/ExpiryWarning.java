package org.medsign.hub.lifecycle.expiry;

import java.time.Instant;

/**
 * One expiry warning: a certificate that reached a threshold, its holder, and how its notification went.
 *
 * @param serial        certificate serial (hex)
 * @param thresholdDays the threshold reached (60, 30, 15, 7 by default)
 * @param daysLeft      whole days left when it was reached
 * @param staffId       holder
 * @param name          holder's name
 * @param department    holder's department
 * @param notAfter      end of validity
 * @param createdAt     when the warning was raised
 * @param webhookState  NONE (no webhook configured), PENDING, SENT or FAILED
 * @param emailState    NONE (no recipient), PENDING, SENT or FAILED
 * @param attempts      delivery attempts so far
 * @param lastError     why the last attempt failed, or null
 */
public record ExpiryWarning(String serial, int thresholdDays, int daysLeft, String staffId, String name,
                            String department, Instant notAfter, Instant createdAt, String webhookState,
                            String emailState, int attempts, String lastError) {
}
