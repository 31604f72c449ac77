package org.medsign.hub.signing;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.RequestStatus;

/**
 * Published after a request ended without a signature: finally refused by the worker ({@code FAILED}, e.g. its
 * certificate was frozen meanwhile) or failed on every attempt ({@code DEAD_LETTER}). The system's failure notice
 * follows from it.
 */
public record RequestFailed(long requestPk, String systemId, RequestStatus status, ErrorCode errorCode,
                            String errorDetail) {
}
