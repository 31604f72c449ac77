package org.medsign.hub.seal;

import java.time.Instant;

/**
 * One use of a seal (用章记录).
 *
 * @param requestedBy   the staff member the request named as signer (who asked for the seal)
 * @param signerStaffId who signed: the person for a personal signature, the unit's organisation signer otherwise
 * @param documentSm3   SM3 (hex) of the document as sent, before the seal
 */
public record SealUsage(String sealId, String signatureId, String systemId, String requestId, String requestedBy,
                        String signerStaffId, String certificateSerial, String scenario, String documentSm3,
                        Instant usedAt) {
}
