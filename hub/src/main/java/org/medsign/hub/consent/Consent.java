package org.medsign.hub.consent;

import java.time.Instant;

/**
 * A patient consent as stored, sealed fields opened. Never shown whole: the identity number is kept only as its SM3
 * and the patient's name only goes to the tablet.
 *
 * @param id                the hub's consent id
 * @param systemId          the system that created it
 * @param requestId         that system's id for it
 * @param title             the document's title
 * @param mediaType         {@code text/plain; charset=utf-8} or {@code application/pdf}
 * @param content           the document
 * @param contentSm3        SM3 of the document (hex)
 * @param patientName       the patient's name
 * @param patientIdSm3      SM3 of the patient's resident ID card number (hex)
 * @param clinician         the responsible clinician, as the system's account
 * @param clinicianStaffId  the staff id that account resolved to at creation
 * @param status            {@link Status}
 * @param createdAt         when the system created it
 * @param patient           the patient's signature once made, else null
 * @param cosignRequestId   the request id of the clinician's co-signature (in the same system), once asked for
 */
public record Consent(String id, String systemId, String requestId, String title, String mediaType, byte[] content,
                      String contentSm3, String patientName, String patientIdSm3, String clinician,
                      String clinicianStaffId, Status status, Instant createdAt, PatientSignature patient,
                      String cosignRequestId) {

    /** Where a consent stands on the hub's side (the co-signature has its own request status). */
    public enum Status {
        /** Waiting on the tablet for the patient. */
        WAITING_PATIENT,
        /** The patient signed; the clinician's co-signature is a signing request of its own. */
        PATIENT_SIGNED
    }

    /**
     * The patient's signature.
     *
     * @param signatureId       the hub's id of this signature (evidence package, audit)
     * @param cms               detached CMS SignedData (DER) over the document, with the handwriting attribute
     * @param certificateSerial serial (hex) of the one-time event certificate
     * @param timestampToken    the signature timestamp token (DER)
     * @param timestampTime     its time
     * @param crlSnapshot       SM3 of the CRL snapshot current at signing
     * @param signedAt          when the hub signed
     * @param operatedBy        the staff id of the nurse whose session submitted it
     */
    public record PatientSignature(String signatureId, byte[] cms, String certificateSerial, byte[] timestampToken,
                                   Instant timestampTime, String crlSnapshot, Instant signedAt, String operatedBy) {
    }

    @Override
    public String toString() {
        // never the document or the patient's data
        return "Consent[" + id + ", " + systemId + "/" + requestId + ", " + status + "]";
    }
}
