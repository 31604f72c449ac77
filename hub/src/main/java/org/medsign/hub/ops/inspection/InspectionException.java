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
}
