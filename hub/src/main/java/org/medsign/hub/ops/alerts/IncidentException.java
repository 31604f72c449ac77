package org.medsign.hub.ops.alerts;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;

/** Base of the fault ledger's refusals to administrators; the message is the reason shown to them. */
public class IncidentException extends HubException {

    public IncidentException(ErrorCode code, String message) {
        super(code, message);
    }

    /** No incident with that id. */
    public static class Unknown extends IncidentException {
        public Unknown(String id) {
            super(ErrorCode.INCIDENT_UNKNOWN, "no incident " + id);
        }
    }

    /** A field is missing or wrong (severity, title, lengths; cause, review and advice at resolution). */
    public static class Invalid extends IncidentException {
        public Invalid(String reason) {
            super(ErrorCode.INCIDENT_INVALID, reason);
        }
    }

    /** The step is already recorded, or the incident is resolved. */
    public static class StepConflict extends IncidentException {
        public StepConflict(String reason) {
            super(ErrorCode.INCIDENT_STEP_CONFLICT, reason);
        }
    }
}
