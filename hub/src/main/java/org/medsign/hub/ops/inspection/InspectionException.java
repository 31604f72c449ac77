package org.medsign.hub.ops.inspection;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;

/** The inspection's refusals to administrators. */
public class InspectionException extends HubException {

    public InspectionException(ErrorCode code, String message) {
        super(code, message);
    }

    /** No inspection with that id. */
    public static class Unknown extends InspectionException {
        public Unknown(String id) {
            super(ErrorCode.INSPECTION_UNKNOWN, "no inspection " + id);
        }
    }

    /** An on-site inspection's engineer or observations are missing or invalid (nothing is run or stored). */
    public static class InvalidOnsite extends InspectionException {
        public InvalidOnsite(String message) {
            super(ErrorCode.INVALID_REQUEST, message);
        }
    }
}
